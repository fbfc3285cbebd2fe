import { Type, type Static } from '@sinclair/typebox';

export const RoundSchema = Type.Object({
  roundId: Type.String({
    description: 'Goes into each receipt: SHA-256("discipline-ballot/v1" | roundId | choice | nonce).',
  }),
  question: Type.String({ description: '`discipline` (round 1: whether to discipline) or `form` (round 2).' }),
  choices: Type.Array(Type.String(), {
    description: 'What may be chosen; round 2 offers the allowed forms, lightest first, and `abstain`.',
  }),
  members: Type.Integer({ description: 'How many vote (the council).' }),
});

/**
 * A ballot: the choice and the receipt, never the nonce, which stays with the member's client
 * (ballot.ts). Nothing of this body is logged, audited or stored until the round is complete.
 */
export const CastBody = Type.Object({
  choice: Type.String({ minLength: 1, maxLength: 64, errorMessage: 'one of the round’s choices' }),
  receipt: Type.String({ pattern: '^[0-9a-f]{64}$', errorMessage: 'a SHA-256 in lowercase hex' }),
});
export type CastBody = Static<typeof CastBody>;

export const CastAnswer = Type.Object({
  accepted: Type.Literal(true, { description: 'Nothing else: not who else has voted, nor how.' }),
});

/**
 * The answer of `GET …/rounds/open`: the round open now, or `{ open: false }` between rounds —
 * a normal answer for the members' clients that wait for the chair to open one, not an error.
 */
export const OpenRoundAnswer = Type.Union([
  Type.Object({
    open: Type.Literal(true),
    ...RoundSchema.properties,
  }),
  Type.Object({ open: Type.Literal(false, { description: 'No round is open now: the chair opens the next one.' }) }),
]);

export const SealedRoundSchema = Type.Object({
  proceedingId: Type.String(),
  seal: Type.Object({
    roundId: Type.String(),
    question: Type.String(),
    choices: Type.Array(Type.String()),
    members: Type.Array(Type.String(), { description: 'Who voted (sorted): who, not how.' }),
    tally: Type.Record(Type.String(), Type.Integer()),
    result: Type.Object({ question: Type.String(), outcome: Type.String() }),
    commitment: Type.String(),
  }),
  ballots: Type.Array(
    Type.Object({ ballotId: Type.String(), roundId: Type.String(), choice: Type.String(), receipt: Type.String() }),
    { description: 'Sorted by ballot id: a member finds their receipt here with their choice (verifyReceipt).' },
  ),
  participations: Type.Array(Type.Object({ roundId: Type.String(), officerId: Type.String() })),
  published: Type.Optional(
    Type.String({
      description:
        'The commitment announced at the close (`ballot.closed`, minutes), as the audit chain recorded it: the reference of the recount. Absent when the chain does not vouch for it (the recount then fails with `audit_chain_broken` or `not_in_audit_chain`).',
    }),
  ),
  recount: Type.Object({
    ok: Type.Boolean(),
    tally: Type.Record(Type.String(), Type.Integer()),
    commitment: Type.String(),
    problems: Type.Array(Type.Object({ code: Type.String() }, { additionalProperties: true })),
  }),
});
