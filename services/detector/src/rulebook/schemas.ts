import { Type, type Static } from '@sinclair/typebox';
import { RULE_IDS, SEVERITIES } from '@thads/contracts';
import { S } from '@thads/http';

const day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'a day, YYYY-MM-DD', description });
const Days = (description: string) => Type.Array(day('A day, YYYY-MM-DD.'), { maxItems: 366, description });
const Bilingual = (description: string) =>
  Type.Object({ vi: S.text(1000), en: S.text(1000) }, { additionalProperties: false, description });
const SeverityEnum = (description: string) => S.oneOf(SEVERITIES, description);

export const NewVersionBody = Type.Object(
  {
    effectiveFrom: day(
      'First day the version applies to (Vietnam time), after today: events up to today were judged by the version in force.',
    ),
    unitId: Type.Optional(
      S.text(128, "A unit's own thresholds (within the administrator's scope); absent: every unit without its own."),
    ),
    params: Type.Record(Type.String({ maxLength: 64 }), Type.Number({ errorMessage: 'a number' }), {
      description: 'Every threshold the rule reads, each within its limits (GET /api/rules lists them).',
    }),
    severity: Type.Optional(SeverityEnum('Severity of its findings; absent: that of the version it follows.')),
    legalBasis: Type.Optional(Bilingual('Legal basis its findings cite; absent: that of the version it follows.')),
    reason: S.text(2000, 'Why: kept with the version and in the change log.'),
  },
  { additionalProperties: false },
);
export type NewVersionBody = Static<typeof NewVersionBody>;

const BilingualText = Type.Object({ vi: Type.String(), en: Type.String() });

export const VersionView = Type.Object({
  versionId: Type.String({ description: '`<ruleId>@<version>[@<unitId>]`.' }),
  version: Type.Integer({ description: 'The number findings carry as `ruleVersion`.' }),
  effectiveFrom: Type.String({ description: 'First day it applies to, YYYY-MM-DD.' }),
  unitId: Type.Optional(Type.String({ description: "Set on a unit's own thresholds." })),
  severity: SeverityEnum('Severity of its findings.'),
  legalBasis: BilingualText,
  params: Type.Record(Type.String(), Type.Number()),
  inForce: Type.Boolean({
    description:
      'In force today: the general version every unit without its own gets, or the version a unit with its own gets.',
  }),
  addedBy: Type.Optional(
    Type.String({ description: 'The administrator who added it (absent: shipped with the code).' }),
  ),
  addedAt: Type.Optional(Type.String({ description: 'When it was added (RFC 3339).' })),
  reason: Type.Optional(Type.String({ description: 'Why it was added.' })),
});
export type VersionView = Static<typeof VersionView>;

const ParamSpec = Type.Object({
  name: Type.String(),
  kind: S.oneOf(['days', 'count', 'vnd', 'share'] as const, 'What it measures: days, a count, đồng, a share of 1.'),
  min: Type.Number(),
  max: Type.Number(),
  integer: Type.Boolean(),
});

export const RuleBookView = Type.Object({
  today: Type.String({ description: 'Today in Vietnam (YYYY-MM-DD): a new version starts after it.' }),
  rootAdministrator: Type.Boolean({
    description: 'Whether the caller administers a root unit, and so may add versions for every unit.',
  }),
  rules: Type.Array(
    Type.Object({
      ruleId: S.oneOf(RULE_IDS, 'The rule.'),
      firesWhen: BilingualText,
      params: Type.Array(ParamSpec, { description: 'The thresholds it reads, with the values each accepts.' }),
      versions: Type.Array(VersionView, {
        description: "Oldest first; unit overrides only of units within the caller's scope.",
      }),
    }),
  ),
});
export type RuleBookView = Static<typeof RuleBookView>;

export const PutYearBody = Type.Object(
  {
    daysOff: Days('Weekdays off work (the weekend is not listed).'),
    workingDays: Type.Optional(Days('Saturdays or Sundays made working days by a swap decree.')),
    source: S.text(1000, 'The decree or notice the days come from.'),
    reason: S.text(2000, 'Why: kept in the change log.'),
  },
  { additionalProperties: false },
);
export type PutYearBody = Static<typeof PutYearBody>;

export const YearView = Type.Object({
  year: Type.Integer(),
  held: Type.Boolean({
    description:
      'Whether the detector holds an official table for the year; if not, the days are those of the holiday library, as it counts them now.',
  }),
  daysOff: Type.Array(Type.String()),
  workingDays: Type.Array(Type.String()),
  source: Type.String(),
  changedBy: Type.Optional(Type.String({ description: 'The administrator who last changed it (absent: shipped).' })),
  changedAt: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
export type YearView = Static<typeof YearView>;

export const CalendarView = Type.Object({
  today: Type.String({ description: 'Today in Vietnam (YYYY-MM-DD): only later days may change.' }),
  rootAdministrator: Type.Boolean({ description: 'Whether the caller may change the calendar (a root unit).' }),
  years: Type.Array(YearView, {
    description: 'The years the detector holds, and this year and the next two if it does not, oldest first.',
  }),
});
export type CalendarView = Static<typeof CalendarView>;
