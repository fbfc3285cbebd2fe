import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, ValidBody, ValidQuery, type Later } from '@thads/http';
import {
  CreateSuppressionBody,
  LiftSuppressionBody,
  SuppressionListQuery,
  SuppressionPage,
  SuppressionSchema,
} from './schemas';
import { SuppressionsService } from './suppressions.service';

/** Suppressions of findings: made and lifted by supervisors and administrators, seen by leadership too. */
@Controller('api/suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Roles('inspection_supervisor', 'admin')
  @Post()
  @Api({
    summary: "Hold back a rule's findings in a unit until a date",
    description:
      'Findings of the rule raised meanwhile in the unit or below are stored and marked `suppressionId` (hidden from the findings list unless asked for), with no inspection; they enter the workflow when the suppression is lifted or after its last day. Only for a unit strictly below your own (a unit never suppresses findings about itself). Audited.',
    body: CreateSuppressionBody,
    response: { description: 'The suppression, active.', schema: SuppressionSchema },
    errors: { 403: 'The unit is outside your scope, or is (or contains) your own unit (`SUPPRESSION_CONCERNED`).' },
  })
  create(@Principal() principal: Principal, @ValidBody() body: CreateSuppressionBody) {
    return this.suppressions.create(principal, body);
  }

  @Roles('inspection_supervisor', 'admin', 'leadership')
  @Get()
  @Api({
    summary: 'Suppressions that touch your units',
    description:
      'Active, lifted and expired, newest first: those over a unit in your scope and those over a unit above yours, with how many findings each holds now and gave back.',
    query: SuppressionListQuery,
    response: { description: 'A page of suppressions.', schema: SuppressionPage },
  })
  list(@Principal() principal: Principal, @ValidQuery() q: SuppressionListQuery) {
    return this.suppressions.list(principal, q);
  }

  @Roles('inspection_supervisor', 'admin')
  @Post(':id/lift')
  @HttpCode(200)
  @Api({
    summary: 'Lift a suppression',
    description:
      'Ends it now, with a reason; the findings it held enter the workflow (assignment) as if just raised. Audited.',
    params: { id: 'The suppression id.' },
    body: LiftSuppressionBody,
    response: { description: 'The suppression, lifted.', schema: SuppressionSchema },
    errors: { 404: 'No such suppression.', 409: 'It has ended already (`SUPPRESSION_ENDED`).' },
  })
  lift(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<LiftSuppressionBody>) {
    return this.suppressions.lift(principal, id, body);
  }
}
