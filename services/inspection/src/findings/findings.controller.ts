import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, ValidQuery, type Later } from '@thads/http';
import { READERS } from './finding-access';
import { FindingsService } from './findings.service';
import { FindingDetailSchema, FindingListQuery, FindingPage, TransitionBody, TransitionResult } from './schemas';

const FINDING_ID = { id: 'The finding id (from `integrity.findings.v1`).' };

/** Findings as inspectors work them. */
@Controller('api/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Roles(...READERS)
  @Get()
  @Api({
    summary: 'Findings in your units',
    description: 'Newest detection first, with filters and pages.',
    query: FindingListQuery,
    response: { description: 'A page of findings.', schema: FindingPage },
  })
  list(@Principal() principal: Principal, @ValidQuery() q: FindingListQuery) {
    return this.findings.list(principal, q);
  }

  @Roles(...READERS)
  @Get(':id')
  @Api({
    summary: 'One finding',
    description: "The detector's text and evidence, its workflow state, the next allowed states and its inspection.",
    params: FINDING_ID,
    response: { description: 'The finding.', schema: FindingDetailSchema },
    errors: { 404: 'No such finding.' },
  })
  get(@Principal() principal: Principal, @Param('id') id: string) {
    return this.findings.detail(principal, id);
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post(':id/transitions')
  @HttpCode(200)
  @Api({
    summary: 'Move a finding to its next status',
    description:
      'Supervisors triage, dismiss, refer and close; the assigned inspector (or a supervisor) starts the inspection and concludes. Nobody concerned by the finding may move it. Audited and published on the findings topic with the next revision.',
    params: FINDING_ID,
    body: TransitionBody,
    response: { description: 'The new status.', schema: TransitionResult },
    errors: {
      404: 'No such finding.',
      409: 'Not allowed from the current status (`details.allowedNext`), or the finding changed meanwhile.',
    },
  })
  transition(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<TransitionBody>) {
    return this.findings.transition(principal, id, body);
  }
}
