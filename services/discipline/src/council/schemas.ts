import { Type, type Static } from '@sinclair/typebox';

const OfficerId = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, errorMessage: 'an officer id of the registry', description });

export const CouncilBody = Type.Object({
  chair: OfficerId('The head or a deputy head of the disciplining authority.'),
  members: Type.Array(OfficerId('A member.'), {
    minItems: 2,
    maxItems: 2,
    errorMessage: 'two officer ids: the council has three members with the chair',
  }),
  alternates: Type.Optional(
    Type.Array(OfficerId('An alternate.'), {
      maxItems: 20,
      errorMessage: 'at most 20 officer ids',
      description:
        'Who takes a seat emptied by an automatic recusal, in this order; after them, officers of the authority and the units below it.',
    }),
  ),
});
export type CouncilBody = Static<typeof CouncilBody>;

export const RecheckBody = Type.Object({
  alternates: Type.Optional(
    Type.Array(OfficerId('An alternate.'), { maxItems: 20, errorMessage: 'at most 20 officer ids' }),
  ),
});
export type RecheckBody = Static<typeof RecheckBody>;
