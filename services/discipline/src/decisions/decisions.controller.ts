import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, type Later } from '@thads/http';
import { PROCEEDING_ID, STEP_ERRORS } from '../proceedings/proceedings.controller';
import { StepResult } from '../proceedings/schemas';
import { DecisionsService } from './decisions.service';
import { AppealBody, AppealResultBody, DecisionBody, InvestigatorsBody } from './schemas';

/** The recommendation, the decision, the referral to investigators and the appeal. */
@Controller('api/discipline/proceedings')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Roles('committee_chair')
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

  @Roles('committee_chair')
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

  @Roles('committee_chair')
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

  @Roles()
  @Post(':id/appeal')
  @HttpCode(200)
  @Api({
    summary: 'Appeal the decision',
    description:
      'The subject, within 15 days of a decision that disciplines, to a reviewer who is neither the subject, nor related to them, nor anyone who sat on the council (400 naming `reviewerId`). Published as `appeal.lodged` with the review’s own deadline.',
    params: PROCEEDING_ID,
    body: AppealBody,
    response: { description: 'The proceeding, under appeal.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  appeal(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<AppealBody>) {
    return this.decisions.appeal(principal, id, body);
  }

  @Roles()
  @Post(':id/appeal/result')
  @HttpCode(200)
  @Api({
    summary: 'Resolve the appeal',
    description:
      'The reviewer the appeal names: upheld, changed (to another allowed form) or annulled, with the reasoning. Published as `appeal.resolved`.',
    params: PROCEEDING_ID,
    body: AppealResultBody,
    response: { description: 'The proceeding, appeal resolved.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  resolve(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<AppealResultBody>) {
    return this.decisions.resolveAppeal(principal, id, body);
  }
}
