import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, type Later } from '@thads/http';
import { rolesOf } from '../proceedings/step-rules';
import { READERS } from '../proceedings/proceeding-access';
import { PROCEEDING_ID } from '../proceedings/proceedings.controller';
import { BallotService } from './ballot.service';
import { CastAnswer, CastBody, OpenRoundAnswer, RoundSchema, SealedRoundSchema } from './schemas';

const ROUND = { ...PROCEEDING_ID, roundId: 'The round id (`<proceeding>-r<n>`).' };

/**
 * The council's secret ballot in two rounds. The cast endpoint's body is never logged, audited
 * or stored as sent: see services/discipline/src/domain/ballot.ts.
 */
@Controller('api/discipline/proceedings')
export class BallotController {
  constructor(private readonly ballot: BallotService) {}

  @Roles(...rolesOf('openRound'))
  @Post(':id/rounds')
  @HttpCode(200)
  @Api({
    summary: 'Open the next ballot round',
    description:
      'Round 1 (whether to discipline) once the council has met; round 2 (the form, among those the regime and the position allow) after round 1 said discipline, again after a round 2 without a majority. The round is served by this instance of the service until it is complete (409 ROUND_HELD_ELSEWHERE on another). The chair of the council.',
    params: PROCEEDING_ID,
    response: { description: 'The round: its id and choices, for the members’ receipts.', schema: RoundSchema },
    errors: { 404: 'No such proceeding.', 409: 'No round to vote now, or the round is open on another instance.' },
  })
  openRound(@Principal() principal: Principal, @Param('id') id: string) {
    return this.ballot.openRound(principal, id);
  }

  @Roles('committee_member', 'committee_chair')
  @Get(':id/rounds/open')
  @Api({
    summary: 'The round open now',
    description:
      'For the members of the council: its id and choices (`open: true`), or `open: false` between rounds — before the chair opens one, after one is sealed — so that a client waiting for the next round reads an answer, not an error.',
    params: PROCEEDING_ID,
    response: { description: 'The open round, or none.', schema: OpenRoundAnswer },
    errors: { 404: 'No such proceeding.', 409: 'The round is open on another instance.' },
  })
  current(@Principal() principal: Principal, @Param('id') id: string) {
    return this.ballot.current(principal, id);
  }

  @Roles(...rolesOf('vote'))
  @Post(':id/rounds/:roundId/ballots')
  @HttpCode(202)
  @Api({
    summary: 'Cast your ballot',
    description:
      'Your choice and its receipt, SHA-256("discipline-ballot/v1" | roundId | choice | nonce) with a nonce of 32 random bytes that your client keeps and never sends. Accepted or refused, nothing else. The same ballot sent again is accepted without a change; another one is refused. When every member has voted the round is sealed: verify your receipt and recount with GET …/rounds/:roundId. Members of the council only.',
    params: ROUND,
    body: CastBody,
    response: { description: 'Accepted.', schema: CastAnswer },
    errors: {
      404: 'No such proceeding.',
      409: 'Refused (not open, already voted, a choice not offered), or open on another instance.',
      503: 'The round is complete but could not be recorded: send the same ballot again.',
    },
  })
  cast(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @Param('roundId') roundId: string,
    @LaterBody() body: Later<CastBody>,
  ) {
    return this.ballot.cast(principal, id, roundId, body);
  }

  @Roles()
  @Get(':id/rounds/:roundId')
  @Api({
    summary: 'A sealed round, to verify and recount',
    description: `The seal (tally, result, commitment), every ballot (choice and receipt, no voter), who took part, the commitment published at the close, and the recount of the records against it. A member verifies with what their client kept: their receipt is among the ballots with their choice. For the subject and the readers (${READERS.join(', ')}) in scope.`,
    params: ROUND,
    response: { description: 'The sealed round and its recount.', schema: SealedRoundSchema },
    errors: { 404: 'No such proceeding or sealed round.' },
  })
  record(@Principal() principal: Principal, @Param('id') id: string, @Param('roundId') roundId: string) {
    return this.ballot.record(principal, id, roundId);
  }
}
