import { Type, type Static } from '@sinclair/typebox';
import { FINDING_STATUSES } from '@thads/contracts';
import { S } from '@thads/http';
import { DISMISSAL_REASONS } from '../findings/lifecycle';

export const ReassignBody = Type.Object({
  assignee: S.text(64, 'The inspector who takes the inspection (must be eligible).'),
  reason: S.text(2000, 'Why (kept in the audit trail and told to the inspector).'),
});
export type ReassignBody = Static<typeof ReassignBody>;

export const BULK_ACTIONS = ['triage', 'dismiss', 'assign'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Most findings one bulk request moves: each is checked, audited and published on its own. */
export const BULK_MAX = 200;

/** The field that `action` requires, which no other action takes. */
const requiredWith = (action: BulkAction) => Type.Unknown({ errorMessage: `required with action ${action}` });
const onlyWith = (action: BulkAction) => Type.Optional(Type.Never({ errorMessage: `only with action ${action}` }));
const isAction = (action: BulkAction) => Type.Object({ action: Type.Literal(action) });

export const BulkBody = Type.Object(
  {
    action: S.oneOf(
      BULK_ACTIONS,
      'triage (→ triaged), dismiss (→ dismissed) or assign (reassign the inspection, as `POST /api/findings/{id}/assignment`).',
    ),
    findingIds: Type.Array(S.text(128), {
      minItems: 1,
      maxItems: BULK_MAX,
      uniqueItems: true,
      errorMessage: `1 to ${BULK_MAX} distinct finding ids`,
      description: 'The findings, each moved on its own, in this order.',
    }),
    reason: S.text(2000, 'One reason for all: the dismissal note, the reassignment reason, the triage note (audited).'),
    dismissalReason: Type.Optional(S.oneOf(DISMISSAL_REASONS, 'dismiss (required): what kind of dismissal.')),
    assignee: Type.Optional(S.text(64, 'assign (required): the inspector who takes the inspections.')),
  },
  {
    // dismiss needs dismissalReason, assign needs assignee, and neither field goes with another
    // action: stated in the document, checked by `validate` (TypeBox alone checks no if/then).
    if: isAction('dismiss'),
    then: Type.Object({ dismissalReason: requiredWith('dismiss'), assignee: onlyWith('assign') }),
    else: Type.Object(
      {},
      {
        if: isAction('assign'),
        then: Type.Object({ assignee: requiredWith('assign'), dismissalReason: onlyWith('dismiss') }),
        else: Type.Object({ assignee: onlyWith('assign'), dismissalReason: onlyWith('dismiss') }),
      },
    ),
  },
);
export type BulkBody = Static<typeof BulkBody>;

const Done = Type.Object({
  id: Type.String(),
  ok: Type.Literal(true),
  status: S.oneOf(FINDING_STATUSES, 'Its status now.'),
});
const Refused = Type.Object({
  id: Type.String(),
  ok: Type.Literal(false),
  code: Type.String({ description: 'The error code the single-item route would answer with.' }),
  message: Type.Object({ vi: Type.String(), en: Type.String() }),
  field: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const BulkResultSchema = Type.Object({
  action: S.oneOf(BULK_ACTIONS),
  done: Type.Integer({ description: 'How many findings were moved.' }),
  refused: Type.Integer({ description: 'How many were not (each with its reason).' }),
  results: Type.Array(Type.Union([Done, Refused]), { description: 'One per finding id, in the order given.' }),
});
export type BulkItemResult = Static<typeof Done> | Static<typeof Refused>;
