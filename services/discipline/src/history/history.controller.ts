import { Controller, Get, Param } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidQuery } from '@thads/http';
import { READERS } from '../proceedings/proceeding-access';
import { ProceedingSummarySchema } from '../proceedings/schemas';
import { HistoryService, MAX_PROCEEDINGS } from './history.service';
import { HistoryQuery } from './schemas';

const HistorySchema = Type.Object({
  officerId: Type.String(),
  unitId: Type.String(),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  findings: Type.Array(
    Type.Object({
      findingId: Type.String(),
      ruleId: Type.String(),
      severity: Type.String(),
      title: Type.Object({ vi: Type.String(), en: Type.String() }),
      detectedAt: Type.String(),
      steps: Type.Array(Type.Object({ type: Type.String(), at: Type.String() }, { additionalProperties: true }), {
        description: 'The workflow steps, oldest first, each with its gist (result, target, reason).',
      }),
    }),
  ),
  proceedings: Type.Array(ProceedingSummarySchema),
  next: Type.Optional(Type.String({ description: 'More steps are older: pass it as `before`.' })),
  proceedingsTruncated: Type.Optional(
    Type.Literal(true, { description: `More than ${MAX_PROCEEDINGS} proceedings: the newest are shown.` }),
  ),
});

/** Officer integrity history. */
@Controller('api/discipline/officers')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Roles(...READERS)
  @Get(':officerId/history')
  @Api({
    summary: "An officer's integrity history",
    description:
      'Findings (from the inspections topic: concluded, referred, closed, dismissed, late), proceedings, outcomes and appeals of one officer, in one view, when the officer’s unit is in your scope. Paged: the newest `limit` workflow steps, and `next` for the older ones.',
    params: { officerId: 'The officer id of the registry.' },
    query: HistoryQuery,
    response: { description: 'The history.', schema: HistorySchema },
    errors: { 404: 'Nothing is known of this officer.' },
  })
  get(@Principal() principal: Principal, @Param('officerId') officerId: string, @ValidQuery() q: HistoryQuery) {
    return this.history.ofOfficer(principal, officerId, q);
  }
}
