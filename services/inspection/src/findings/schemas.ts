import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES } from '@thads/contracts';
import { S } from '@thads/http';
import { CONCLUSION_RESULTS, DISMISSAL_REASONS, FINDING_STATUSES, REFERRAL_TARGETS } from './lifecycle';

/**
 * The findings API's requests and answers, described once: the validation (`@ValidBody()`,
 * `@ValidQuery()`) and the OpenAPI document are derived from these.
 */
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const DateText = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$',
    maxLength: 40,
    errorMessage: 'a date (YYYY-MM-DD or RFC 3339)',
    description,
  });

export const FindingListQuery = Type.Object({
  unit: Type.Optional(Type.String({ maxLength: 128, description: 'Only this unit (within your scope).' })),
  rule: Type.Optional(Type.String({ maxLength: 128, description: 'Only this rule id.' })),
  severity: Type.Optional(S.oneOf(SEVERITIES)),
  status: Type.Optional(S.oneOf(FINDING_STATUSES)),
  officer: Type.Optional(Type.String({ maxLength: 128, description: 'Only findings about this officer.' })),
  assignee: Type.Optional(
    Type.String({ maxLength: 128, description: 'Only inspections of this inspector; `me` for your own.' }),
  ),
  from: Type.Optional(DateText('Detected at or after.')),
  to: Type.Optional(DateText('Detected at or before.')),
  suppressed: Type.Optional(
    S.oneOf(
      ['exclude', 'include', 'only'] as const,
      'Findings held by a suppression: left out (default), shown too, or only those.',
    ),
  ),
  suppression: Type.Optional(
    Type.String({
      maxLength: 128,
      description: 'Only the findings this suppression holds (whatever `suppressed` says).',
    }),
  ),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1, errorMessage: 'an integer from 1 to 100000' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50, errorMessage: 'an integer from 1 to 500' }),
});
export type FindingListQuery = Static<typeof FindingListQuery>;

export const FindingSummarySchema = Type.Object({
  findingId: Type.String(),
  ruleId: Type.String(),
  severity: S.oneOf(SEVERITIES),
  unitId: Type.String(),
  caseId: Type.Optional(Type.String()),
  officerId: Type.Optional(Type.String()),
  detectedAt: Type.String(),
  status: S.oneOf(FINDING_STATUSES),
  revision: Type.Integer({
    description:
      '0 when raised; +1 per status change (EVENTS.md v1.1), and per hold or release by a suppression (v1.3, docs/events-integrity.md).',
  }),
  statusChangedAt: Type.Optional(Type.String()),
  inspectionId: Type.Optional(Type.String()),
  assignee: Type.Optional(Type.String()),
  assignedAt: Type.Optional(Type.String()),
  waitingReason: Type.Optional(Type.String({ description: 'Why no inspector has it yet.' })),
  remindAt: Type.Optional(Type.String()),
  dueAt: Type.Optional(Type.String({ description: 'Due date of the inspection (working days by severity).' })),
  remindedAt: Type.Optional(Type.String()),
  escalatedAt: Type.Optional(Type.String()),
  suppressionId: Type.Optional(
    Type.String({ description: 'The suppression holding it back (no inspection until it ends).' }),
  ),
  suppressedAt: Type.Optional(Type.String()),
  title: Bilingual,
});

export const FindingPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(FindingSummarySchema),
});

const Signed = { by: Type.String(), at: Type.String() };

export const InspectionViewSchema = Type.Object({
  id: Type.String({ description: 'The inspection id: its lead finding.' }),
  assignee: Type.Optional(Type.String()),
  waitingReason: Type.Optional(Type.String()),
  dueAt: Type.Optional(Type.String()),
  escalatedAt: Type.Optional(Type.String()),
  findings: Type.Array(
    Type.Object({
      findingId: Type.String(),
      ruleId: Type.String(),
      severity: Type.String(),
      status: Type.String(),
      joinedAt: Type.Optional(Type.String()),
    }),
  ),
});

export const FindingDetailSchema = Type.Object({
  finding: Type.Composite([
    FindingSummarySchema,
    Type.Object({
      ruleVersion: Type.Integer(),
      explanation: Bilingual,
      legalBasis: Type.String(),
      evidence: Type.Object({
        eventIds: Type.Array(Type.String()),
        figures: Type.Record(Type.String(), Type.Unknown()),
      }),
      conclusion: Type.Optional(
        Type.Object({
          result: S.oneOf(CONCLUSION_RESULTS),
          reasoning: Type.String(),
          truePositive: Type.Boolean(),
          ...Signed,
        }),
      ),
      dismissal: Type.Optional(Type.Object({ reason: S.oneOf(DISMISSAL_REASONS), note: Type.String(), ...Signed })),
      referral: Type.Optional(Type.Object({ target: S.oneOf(REFERRAL_TARGETS), note: Type.String(), ...Signed })),
    }),
  ]),
  allowedNext: Type.Array(S.oneOf(FINDING_STATUSES)),
  inspection: Type.Optional(InspectionViewSchema),
});

export const TransitionBody = Type.Object({
  to: S.oneOf(FINDING_STATUSES, 'The next status.'),
  reason: Type.Optional(S.oneOf(DISMISSAL_REASONS, 'Dismissal: why.')),
  note: Type.Optional(
    Type.String({
      maxLength: 2000,
      errorMessage: 'at most 2000 characters',
      description: 'Dismissal, referral (required); triage (optional, kept in the audit trail), closing (optional).',
    }),
  ),
  result: Type.Optional(S.oneOf(CONCLUSION_RESULTS, 'Conclusion: the result.')),
  reasoning: Type.Optional(
    Type.String({
      maxLength: 10_000,
      errorMessage: 'at most 10000 characters',
      description: 'Conclusion: the reasoning.',
    }),
  ),
  truePositive: Type.Optional(
    Type.Boolean({ errorMessage: 'true or false', description: 'Conclusion: was the finding a real irregularity?' }),
  ),
  target: Type.Optional(S.oneOf(REFERRAL_TARGETS, 'Referral: to whom.')),
});
export type TransitionBody = Static<typeof TransitionBody>;

export const TransitionResult = Type.Object({
  findingId: Type.String(),
  status: S.oneOf(FINDING_STATUSES),
  revision: Type.Integer(),
  allowedNext: Type.Array(S.oneOf(FINDING_STATUSES)),
});
