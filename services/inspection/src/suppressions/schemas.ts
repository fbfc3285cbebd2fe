import { Type, type Static } from '@sinclair/typebox';
import { RULE_IDS } from '@thads/contracts';
import { S } from '@thads/http';
import { MAX_SUPPRESSION_DAYS, SUPPRESSION_STATES } from './suppression';

/** The suppressions API's requests and answers: validation and the OpenAPI document come from these. */
export const CreateSuppressionBody = Type.Object({
  ruleId: S.oneOf(RULE_IDS, 'The rule whose findings are held.'),
  unitId: S.text(128, 'The unit whose findings are held, with every unit below it; strictly below your own.'),
  reason: S.text(2000, 'Why (a known data error, a rule being recalibrated): kept in the audit trail.'),
  until: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    errorMessage: 'a day, YYYY-MM-DD',
    description: `The last day held (Vietnam time), today to ${MAX_SUPPRESSION_DAYS} days ahead; the findings come back the day after.`,
  }),
});
export type CreateSuppressionBody = Static<typeof CreateSuppressionBody>;

export const LiftSuppressionBody = Type.Object({
  reason: S.text(2000, 'Why it is lifted early: kept in the audit trail.'),
});
export type LiftSuppressionBody = Static<typeof LiftSuppressionBody>;

export const SuppressionListQuery = Type.Object({
  state: Type.Optional(S.oneOf(SUPPRESSION_STATES, 'Only suppressions in this state.')),
  rule: Type.Optional(Type.String({ maxLength: 128, description: 'Only this rule id.' })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1, errorMessage: 'an integer from 1 to 100000' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50, errorMessage: 'an integer from 1 to 500' }),
});
export type SuppressionListQuery = Static<typeof SuppressionListQuery>;

export const SuppressionSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  unitId: Type.String({ description: 'Its scope: this unit and every unit below it.' }),
  reason: Type.String(),
  until: Type.String({ description: 'The last day held, YYYY-MM-DD.' }),
  endsAt: Type.String({ description: 'When it expires: the first instant after `until`, Vietnam time.' }),
  state: S.oneOf(SUPPRESSION_STATES),
  createdBy: Type.String(),
  createdAt: Type.String(),
  endedAt: Type.Optional(Type.String({ description: 'When it was lifted or expired.' })),
  endedBy: Type.Optional(Type.String({ description: 'Who lifted it (none: it expired).' })),
  liftReason: Type.Optional(Type.String()),
  held: Type.Integer({ description: 'Findings it holds now (found with `GET /api/findings?suppression=<id>`).' }),
  released: Type.Integer({ description: 'Findings it held that went back to the workflow when it ended.' }),
});

export const SuppressionPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(SuppressionSchema),
});
