import { Controller, Get } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { DISCIPLINE_FORMS, SEVERITIES } from '@thads/contracts';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidQuery } from '@thads/http';
import type { IntegrityFigures } from '../integrity';
import { IntegrityReader } from './integrity-reader';
import { StatisticsQuery } from './statistics-scope';

const Count = (description?: string) => Type.Integer(description ? { description } : {});
const Fraction = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const Keyed = (keys: readonly string[], description: string) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])), { description });

const FindingsByRule = (description: string) =>
  Type.Array(Type.Object({ ruleId: Type.String(), severity: Type.String(), count: Count() }), { description });

const Precision = {
  concluded: Count(
    'Findings concluded (inspection.concluded, or the conclusion a referral or closure carries; the latest counts).',
  ),
  truePositives: Count('Of those, concluded as real irregularities (truePositive).'),
  precision: Fraction('truePositives ÷ concluded; null when none was concluded.'),
  confirmedByDiscipline: Count(
    'Findings named by a proceeding decided `disciplined` and not annulled on appeal (integrity.discipline.v1).',
  ),
  dismissed: Count('Findings whose latest outcome is a dismissal before inspection.'),
};

const Complaints = Type.Object({
  received: Count('Received in the period (by the day received).'),
  resolvedOnTime: Count(
    'Resolved by the last day: 30 days (complaint) or 60 days (denunciation) after receipt, moved to the next working day when it falls on a day off.',
  ),
  resolvedLate: Count('Resolved after that.'),
  overdue: Count('Not resolved, deadline passed before the end of the period.'),
  pending: Count('Not resolved, still within the deadline at the end of the period.'),
  onTimeRate: Fraction('resolvedOnTime ÷ (received − pending); null when nothing was due.'),
});

const Duration = (description: string) =>
  Type.Object(
    {
      count: Count('How many were measured.'),
      meanDays: Fraction('Mean duration in days (fractional: an hour is 1/24); null when none was measured.'),
      medianDays: Fraction(
        'Median in days, approximate: read from a histogram of the durations (buckets 1 h, 4 h, 8 h, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 150, 365 days), spread evenly within the bucket that holds the middle; a year or more reads as 365. null when none was measured.',
      ),
    },
    { description },
  );

export const IntegritySchema = Type.Object({
  activeCases: Count(
    "The statistics' toExecute for the same unit and period: the cases findings are measured against.",
  ),
  findings: Type.Object({
    total: Count(
      'Findings raised in the period: each finding once (its highest revision), in its unit, on the Vietnam day of detectedAt.',
    ),
    per100ActiveCases: Fraction('total ÷ activeCases × 100; null when there is no active case.'),
    bySeverity: Keyed(SEVERITIES, 'Findings per severity.'),
    byRule: FindingsByRule('Findings per rule × severity, by ruleId.'),
    suppressed: Type.Object(
      {
        total: Count('Findings of the period (unit and day of detectedAt) that a suppression holds now.'),
        bySeverity: Keyed(SEVERITIES, 'Held findings per severity.'),
        byRule: FindingsByRule('Held findings per rule × severity, by ruleId.'),
      },
      {
        description:
          'Findings held by a suppression (`suppressed` on their highest revision, integrity.findings.v1 v1.3), counted apart: they are in no other figure — total, per 100 active cases, officers, score, trend findings — until the suppression ends and a later revision releases them.',
      },
    ),
  }),
  precision: Type.Object(
    {
      overall: Type.Object(Precision),
      byRule: Type.Array(Type.Object({ ruleId: Type.String(), ...Precision })),
    },
    { description: "Rule precision, attributed to the finding's unit and the day of its detectedAt (event time)." },
  ),
  slaBreaches: Type.Object(
    {
      count: Count('Findings of the period whose inspection passed its due date while open (inspection.sla_breached).'),
      rate: Fraction('count ÷ findings.total; null without findings.'),
    },
    { description: "Attributed to the finding's unit and detectedAt day, so the rate compares like with like." },
  ),
  repeatedOfficers: Type.Array(
    Type.Object({
      officerId: Type.String(),
      count: Count(),
      rules: Type.Array(Type.Object({ ruleId: Type.String(), count: Count() })),
    }),
    { description: 'Officers with 3 or more findings in the period, most first (at most 20).' },
  ),
  disciplineOutcomes: Type.Object(
    {
      decided: Count("Proceedings decided in the period (by decidedOn), in the subject's unit."),
      byOutcome: Keyed(['disciplined', 'not_disciplined', 'referred_to_investigators'], 'Decisions per outcome.'),
      byForm: Keyed(
        [...DISCIPLINE_FORMS, 'unspecified'],
        'Disciplined and not annulled on appeal, per form in force (an appeal that changed it: the new form).',
      ),
      annulledOnAppeal: Count(),
      changedOnAppeal: Count(),
    },
    { description: 'From integrity.discipline.v1 (proceeding.decided, appeal.resolved).' },
  ),
  complaints: Type.Object({ complaint: Complaints, denunciation: Complaints, all: Complaints }),
  moneyAtRisk: Type.Object(
    {
      amount: Count(
        'VND collected more than 10 days before the end of the period and not paid out (disbursed or remitted) before it; per case, payouts first in, first out.',
      ),
      held: Count('VND collected and not paid out before the end of the period.'),
      share: Fraction('amount ÷ held; null when nothing is held.'),
    },
    { description: "As of the end of the period, in the unit of the case's receipt." },
  ),
  timeTo: Type.Object(
    {
      triage: Duration(
        "Findings of the period (unit and day of detectedAt) from detectedAt to their first move out of `open` (triaged or dismissed), timed by that revision's statusChangedAt on integrity.findings.v1 (v1.2; changes published before it are not timed).",
      ),
      conclude: Duration(
        'Findings of the period (unit and day of detectedAt) concluded in the end, from detectedAt to their first conclusion (conclusion.at on integrity.inspections.v1).',
      ),
      decide: Duration(
        "Proceedings decided in the period (by decidedOn, in the subject's unit), in whole days from the day proceeding.opened occurred to decidedOn (integrity.discipline.v1).",
      ),
    },
    { description: 'Workflow times (README "Workflow times"), calendar time; a negative duration counts as 0.' },
  ),
  score: Fraction('Unit integrity score 0–100 (README "For leadership"); null when there is no active case.'),
  scoreBreakdown: Type.Union(
    [
      Type.Object({
        findings: Type.Number({
          description: 'min(40, weighted findings per 100 active cases): low 0.5, medium 1, high 2, critical 4.',
        }),
        slaBreaches: Type.Number({ description: '10 × min(1, slaBreaches.rate).' }),
        complaints: Type.Number({ description: '25 × (resolvedLate + overdue) ÷ (received − pending).' }),
        moneyAtRisk: Type.Number({ description: '25 × moneyAtRisk.share.' }),
      }),
      Type.Null(),
    ],
    { description: 'Points subtracted from 100; null with the score.' },
  ),
  trend: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      activeCases: Count(),
      findings: Count(),
      suppressed: Count('Findings of the month held by a suppression (not in findings).'),
      findingsPer100ActiveCases: Fraction('As findings.per100ActiveCases, for the month.'),
      precision: Fraction('As precision.overall.precision, for the month.'),
      score: Fraction('The score of the month.'),
    }),
    { description: 'Each calendar month of the period, clipped to it; the latest 24 when the period is longer.' },
  ),
});

/** Integrity metrics for leadership (issue 13): findings, precision, SLA, discipline, complaints, money at risk, workflow times, a score. */
@Controller('api/insight')
export class IntegrityController {
  constructor(private readonly reader: IntegrityReader) {}

  @Roles('leadership', 'admin')
  @Get('integrity')
  @Api({
    summary: 'Integrity metrics of a unit for a period',
    description:
      'Findings per rule and severity and per 100 active cases, rule precision and confirmations by discipline, SLA breaches, officers with repeated findings, discipline outcomes, complaints and denunciations resolved on time, money at risk at the end of the period, the times to triage, conclude and decide, a unit integrity score and its monthly trend — for [from, to) in Vietnam time, a province with its area offices. Read from counters kept as the topics arrive (event time, order- and duplicate-free): a figure includes what the service has consumed so far.',
    query: StatisticsQuery,
    response: { description: 'The figures.', schema: IntegritySchema },
    errors: { 403: 'The unit is outside your scope.', 404: 'No such unit in the registry.' },
  })
  integrity(@Principal() principal: Principal, @ValidQuery() q: StatisticsQuery): Promise<IntegrityFigures> {
    return this.reader.figures(principal, q);
  }
}
