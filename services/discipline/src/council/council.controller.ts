import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, type Later } from '@thads/http';
import { rolesOf } from '../proceedings/step-rules';
import { PROCEEDING_ID, STEP_ERRORS } from '../proceedings/proceedings.controller';
import { StepResult } from '../proceedings/schemas';
import { CouncilService } from './council.service';
import { CouncilBody, RecheckBody } from './schemas';

/** The discipline council (Hội đồng kỷ luật). */
@Controller('api/discipline/proceedings')
export class CouncilController {
  constructor(private readonly council: CouncilService) {}

  @Roles(...rolesOf('formCouncil'))
  @Post(':id/council')
  @HttpCode(200)
  @Api({
    summary: 'Form the council',
    description:
      'Three members, chaired by the head or a deputy head of the disciplining authority, within 5 working days of the opening. Anyone a ground of recusal reaches (the subject, their chain of command, a declared relation) is recused automatically and their seat given to the first alternate, then to the first officer of the authority, who may sit there. By a leader of the authority. Published as `council.member_recused` (each) and `council.formed`.',
    params: PROCEEDING_ID,
    body: CouncilBody,
    response: { description: 'The proceeding with its council.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  form(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<CouncilBody>) {
    return this.council.form(principal, id, body);
  }

  @Roles(...rolesOf('recheckCouncil'))
  @Post(':id/council/recheck')
  @HttpCode(200)
  @Api({
    summary: "Check the council's seats again",
    description:
      "On today's registry: a member a ground of recusal now reaches (a relation declared since) is replaced before the meeting. Summoning does this too. Nothing changes when every seat is still valid.",
    params: PROCEEDING_ID,
    body: RecheckBody,
    response: { description: 'The proceeding with its council.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  recheck(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<RecheckBody>) {
    return this.council.recheck(principal, id, body);
  }
}
