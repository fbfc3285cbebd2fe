import { Type, type Static } from '@sinclair/typebox';
import { DISCIPLINE_FORMS } from '@thads/contracts';
import { S } from '@thads/http';
import { APPEAL_RESULTS, CRIMINAL_SIGNS } from '../domain';
import { Day } from '../proceedings/schemas';

export const DecisionBody = Type.Object({
  outcome: S.oneOf(['disciplined', 'not_disciplined'] as const, 'The decision.'),
  form: Type.Optional(S.oneOf(DISCIPLINE_FORMS, 'The form, when disciplined: one the regime and the position allow.')),
  reason: Type.Optional(
    Type.String({
      maxLength: 20_000,
      errorMessage: 'at most 20000 characters',
      description: 'Required when the decision differs from the recommendation.',
    }),
  ),
});
export type DecisionBody = Static<typeof DecisionBody>;

export const InvestigatorsBody = Type.Object({
  signs: Type.Array(S.oneOf(CRIMINAL_SIGNS), {
    minItems: 1,
    maxItems: 4,
    errorMessage: `one or more of ${CRIMINAL_SIGNS.join(', ')}`,
    description: 'The signs of a crime.',
  }),
  note: S.text(20_000, 'What the signs are.'),
});
export type InvestigatorsBody = Static<typeof InvestigatorsBody>;

export const AppealBody = Type.Object({
  grounds: S.text(20_000, 'Why the decision is wrong.'),
});
export type AppealBody = Static<typeof AppealBody>;

export const ReviewerBody = Type.Object({
  reviewerId: Type.String({
    minLength: 1,
    maxLength: 128,
    errorMessage: 'an officer id of the registry',
    description:
      'An officer of the authority above the disciplining authority: not the subject, not related to them, never on the council, not the decider, not one who worked the findings.',
  }),
});
export type ReviewerBody = Static<typeof ReviewerBody>;

export const ServiceBody = Type.Object({
  servedOn: Day('The day the subject received the decision (not before it, not after today).'),
});
export type ServiceBody = Static<typeof ServiceBody>;

export const AppealResultBody = Type.Object({
  result: S.oneOf(APPEAL_RESULTS, 'Upheld, changed (with the new form) or annulled.'),
  form: Type.Optional(S.oneOf(DISCIPLINE_FORMS, 'When changed: the form imposed instead.')),
  reasoning: S.text(20_000, 'The reasoning of the result.'),
});
export type AppealResultBody = Static<typeof AppealResultBody>;
