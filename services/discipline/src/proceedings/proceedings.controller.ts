import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, ValidQuery, type Later } from '@thads/http';
import { rolesOf } from './step-rules';
import { READERS } from './proceeding-access';
import { ProceedingsService } from './proceedings.service';
import {
  ExclusionBody,
  ExtensionBody,
  ProceedingListQuery,
  ProceedingPage,
  ProceedingSchema,
  StepResult,
} from './schemas';

export const PROCEEDING_ID = { id: 'The proceeding id (`DP-` and the finding that opened it).' };
const STEP_ERRORS = {
  404: 'No such proceeding.',
  409: 'Not allowed in the current state (`details.allowedNext`), refused by the rules, or changed meanwhile.',
};

/** Proceedings: the list, one proceeding, and its time to decide. */
@Controller('api/discipline/proceedings')
export class ProceedingsController {
  constructor(private readonly proceedings: ProceedingsService) {}

  @Roles(...READERS)
  @Get()
  @Api({
    summary: 'Proceedings in your units',
    description: "Newest first; a proceeding belongs to its subject's unit.",
    query: ProceedingListQuery,
    response: { description: 'A page of proceedings.', schema: ProceedingPage },
    errors: { 403: 'The unit is outside your scope.' },
  })
  list(@Principal() principal: Principal, @ValidQuery() q: ProceedingListQuery) {
    return this.proceedings.list(principal, q);
  }

  @Roles()
  @Get(':id')
  @Api({
    summary: 'One proceeding',
    description:
      "Its state, the regime and the forms it allows, every time limit (limitation, time to decide, the step running), the findings with their evidence, the council, the calls, the rounds' tallies and commitments, the outcome and the appeal, and the steps you may take now (`allowedSteps`). The subject reads their own (this is how they see the findings and evidence they answer: never a denouncer); the readers roles those in their units.",
    params: PROCEEDING_ID,
    response: { description: 'The proceeding.', schema: ProceedingSchema },
    errors: { 404: 'No such proceeding.' },
  })
  get(@Principal() principal: Principal, @Param('id') id: string) {
    return this.proceedings.detail(principal, id);
  }

  @Roles(...rolesOf('extend'))
  @Post(':id/extension')
  @HttpCode(200)
  @Api({
    summary: 'Extend the time to decide to 150 days',
    description:
      'Once, with its reason, before the 90 days have run out. The head or a deputy head of the disciplining authority. Published as `proceeding.deadline_extended`.',
    params: PROCEEDING_ID,
    body: ExtensionBody,
    response: { description: 'The proceeding with its new deadline.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  extend(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ExtensionBody>) {
    return this.proceedings.extend(principal, id, body);
  }

  @Roles(...rolesOf('exclude'))
  @Post(':id/exclusions')
  @HttpCode(200)
  @Api({
    summary: 'Exclude a period from the time to decide',
    description:
      'Illness, pregnancy or a child under 12 months, prosecution or detention: the days that fall in the running period move the deadline (overlaps count once). The head or a deputy head of the disciplining authority. Published as `proceeding.period_excluded`.',
    params: PROCEEDING_ID,
    body: ExclusionBody,
    response: { description: 'The proceeding with its new deadline.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  exclude(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ExclusionBody>) {
    return this.proceedings.exclude(principal, id, body);
  }
}

export { STEP_ERRORS };
