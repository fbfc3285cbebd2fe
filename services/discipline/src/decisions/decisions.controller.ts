import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, type Later } from '@thads/http';
import { rolesOf } from '../proceedings/step-rules';
import { PROCEEDING_ID, STEP_ERRORS } from '../proceedings/proceedings.controller';
import { StepResult } from '../proceedings/schemas';
import { DecisionsService } from './decisions.service';
import { AppealBody, AppealResultBody, DecisionBody, InvestigatorsBody, ReviewerBody, ServiceBody } from './schemas';

/** The recommendation, the decision, the referral to investigators and the appeal. */
@Controller('api/discipline/proceedings')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Roles(...rolesOf('recommend'))
  @Post(':id/recommendation')
  @HttpCode(200)
  @Api({
    summary: "Record the council's recommendation",
    description:
      'What the rounds decided: no discipline, or the form round 2 chose (within 5 working days of the meeting). The chair of the council. Published as `proceeding.recommended`.',
    params: PROCEEDING_ID,
    response: { description: 'The proceeding, recommended.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  recommend(@Principal() principal: Principal, @Param('id') id: string) {
    return this.decisions.recommend(principal, id);
  }

  @Roles(...rolesOf('decide'))
  @Post(':id/decision')
  @HttpCode(200)
  @Api({
    summary: 'Decide',
    description:
      'Within 5 working days of the recommendation and within the time to decide. A form the regime of the facts or the subject’s position does not allow is refused (400 naming `form`); a decision other than the recommendation states its reason. The head or a deputy head of the disciplining authority. Published as `proceeding.decided`; referrals held for the subject meanwhile then open the next proceeding.',
    params: PROCEEDING_ID,
    body: DecisionBody,
    response: { description: 'The proceeding, decided.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  decide(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<DecisionBody>) {
    return this.decisions.decide(principal, id, body);
  }

  @Roles(...rolesOf('investigators'))
  @Post(':id/investigators')
  @HttpCode(200)
  @Api({
    summary: 'Refer to the investigators',
    description:
      'Signs of a crime (embezzlement, bribe-taking, appropriation, criminal negligence), at any step before the decision: an outcome of its own. The head or a deputy head of the disciplining authority. Published as `proceeding.decided` with the outcome `referred_to_investigators`.',
    params: PROCEEDING_ID,
    body: InvestigatorsBody,
    response: { description: 'The proceeding, referred.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  investigators(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @LaterBody() body: Later<InvestigatorsBody>,
  ) {
    return this.decisions.referToInvestigators(principal, id, body);
  }

  @Roles(...rolesOf('serve'))
  @Post(':id/decision/service')
  @HttpCode(200)
  @Api({
    summary: 'Record the day the subject received the decision',
    description:
      'The 15 days to appeal run from this day (not before the decision, not after today; once). The head or a deputy head of the disciplining authority. Audited, and published as `proceeding.decision_served` with the last day to appeal.',
    params: PROCEEDING_ID,
    body: ServiceBody,
    response: { description: 'The proceeding, its decision served.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  serve(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ServiceBody>) {
    return this.decisions.serve(principal, id, body);
  }

  @Roles(...rolesOf('appeal'))
  @Post(':id/appeal')
  @HttpCode(200)
  @Api({
    summary: 'Appeal the decision',
    description:
      'The subject, within 15 days of receiving a decision that disciplines, with their grounds. The subject does not choose the reviewer: the authority above designates one (`POST …/appeal/reviewer`).',
    params: PROCEEDING_ID,
    body: AppealBody,
    response: { description: 'The proceeding, under appeal.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  appeal(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<AppealBody>) {
    return this.decisions.appeal(principal, id, body);
  }

  @Roles(...rolesOf('designateReviewer'))
  @Post(':id/appeal/reviewer')
  @HttpCode(200)
  @Api({
    summary: 'Designate the appeal’s reviewer',
    description:
      'The head or a deputy head of the appeal authority — the unit above the disciplining authority, or that authority itself when the registry has nothing above it (403 `NOT_THE_SUPERIOR_AUTHORITY` for anyone else) — naming one of its officers who is not the subject, not related to them, never sat on the council, did not decide and did not work the findings (400 `REVIEWER_CONFLICTED` naming `reviewerId`, the problems in `details`); again to replace a reviewer who is no longer eligible. Published as `appeal.lodged` with the review’s own deadline.',
    params: PROCEEDING_ID,
    body: ReviewerBody,
    response: { description: 'The proceeding, its reviewer designated.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  designate(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ReviewerBody>) {
    return this.decisions.designateReviewer(principal, id, body);
  }

  @Roles(...rolesOf('resolveAppeal'))
  @Post(':id/appeal/result')
  @HttpCode(200)
  @Api({
    summary: 'Resolve the appeal',
    description:
      'The designated reviewer, still eligible when resolving (403 `REVIEWER_NO_LONGER_ELIGIBLE` after a relation declared or a move out of the authority above since; `OUT_OF_SCOPE` when the proceeding left their scope): upheld, changed (to another allowed form) or annulled, with the reasoning. Published as `appeal.resolved`.',
    params: PROCEEDING_ID,
    body: AppealResultBody,
    response: { description: 'The proceeding, appeal resolved.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  resolve(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<AppealResultBody>) {
    return this.decisions.resolveAppeal(principal, id, body);
  }
}
