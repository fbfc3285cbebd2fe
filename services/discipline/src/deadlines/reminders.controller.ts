import { Controller, Get } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, AppError } from '@thads/http';
import { RemindersRepository } from './reminders.repository';

const RemindersSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      proceedingId: Type.String(),
      step: Type.String({
        description: 'The step whose time limit ends (form_council, hold_meeting, recommend, decide, …).',
      }),
      dueOn: Type.String(),
      at: Type.String(),
    }),
  ),
});

/** Reminders of the steps you own (as the officer your account is linked to). */
@Controller('api/discipline/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersRepository) {}

  @Roles('committee_member', 'committee_chair')
  @Get()
  @Api({
    summary: 'Your reminders',
    description:
      'The time limits of steps you own that end on the next working day: forming the council or deciding (the leaders of the authority), holding the meeting and recommending (the chair), resolving an appeal (its reviewer). Newest first.',
    response: { description: 'Your reminders.', schema: RemindersSchema },
    errors: { 403: 'Your account is not linked to an officer.' },
  })
  async mine(@Principal() principal: Principal) {
    if (!principal.officerId) throw new AppError('NO_OFFICER_LINK');
    const items = await this.reminders.forOfficer(principal.officerId);
    return {
      items: items.map((r) => ({ proceedingId: r.proceedingId, step: r.step, dueOn: r.dueOn, at: r.at.toISOString() })),
    };
  }
}
