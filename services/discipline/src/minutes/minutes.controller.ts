import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, AppError, S, ValidQuery } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { BallotRepository } from '../ballot/ballot.repository';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import { PROCEEDING_ID } from '../proceedings/proceedings.controller';
import type { RoundSeal } from '../domain';
import { minutesBlocks, renderMinutes, type MinutesInput } from './minutes';
import { minutesPdf } from './pdf';

const MinutesQuery = Type.Object({
  format: Type.Optional(S.oneOf(['html', 'pdf'] as const, 'HTML (the default) or PDF.')),
});
type MinutesQuery = Static<typeof MinutesQuery>;

/** The minutes of the council's meeting. */
@Controller('api/discipline/proceedings')
export class MinutesController {
  constructor(
    private readonly access: ProceedingAccess,
    private readonly ballots: BallotRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  @Roles()
  @Get(':id/minutes')
  @Api({
    summary: "The council meeting's minutes",
    description:
      'In Vietnamese, generated from the record once the council has met: the council and its recusals, the summons and attendance, the breaches, the written response, every round’s tally and commitment (never who voted what) and the recommendation. HTML, or PDF with `?format=pdf` (drawn with pdfkit and the embedded DejaVu fonts, the same everywhere). For the subject and the readers in scope.',
    params: PROCEEDING_ID,
    query: MinutesQuery,
    response: { description: 'The minutes.', contentType: 'text/html' },
    errors: { 404: 'No such proceeding.', 409: 'The council has not met yet.' },
  })
  async minutes(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @ValidQuery() q: MinutesQuery,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.access.subjectOrReader(principal, id);
    if (doc.proceeding.metOn === undefined)
      throw new AppError('PROCEEDING_STEP_REFUSED', { reason: 'the council has not met: there are no minutes yet' });
    const org = await this.org.snapshot();
    const seals: RoundSeal[] = [];
    for (const r of doc.proceeding.rounds) {
      const sealed = await this.ballots.read(r.roundId);
      if (sealed) seals.push(sealed.seal);
    }
    const input: MinutesInput = {
      doc,
      seals,
      nameOf: (officerId) => org.officer(officerId)?.name,
      unitName: (unitId) => org.unit(unitId)?.name,
    };
    if (q.format !== 'pdf') {
      res.type('html').send(renderMinutes(input));
      return;
    }
    const pdf = await minutesPdf(minutesBlocks(input), `Biên bản họp Hội đồng kỷ luật ${doc._id}`);
    res.setHeader('content-disposition', `inline; filename="bien-ban-${doc._id}.pdf"`);
    res.type('application/pdf').send(pdf);
  }
}
