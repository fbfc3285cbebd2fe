import {
  DISCIPLINE_FORMS,
  SEVERITIES,
  type DisciplineForm,
  type DisciplineOutcome,
  type Severity,
} from '@thads/contracts';
import type { Period, VnDay } from '../statistics/period';
import type { WorkingCalendar } from '@thads/rules';
import type { IntegrityCell, IntegrityKey } from './cells';
import { COMPLAINT_KINDS, SHIPPED_CALENDAR, overdueBefore, type ComplaintKind } from './complaints';
import { MEASURES, durationFigures, type DurationFigures, type Measure } from './durations';

/** The integrity answer for a unit and period. Counts are whole numbers; rates are fractions (0.83), `null` with nothing to divide by. */
export interface IntegrityFigures {
  /** The statistics' `toExecute` for the same unit and period: the active cases findings are measured against. */
  readonly activeCases: number;
  readonly findings: FindingFigures;
  readonly precision: { readonly overall: PrecisionFigures; readonly byRule: readonly RulePrecision[] };
  readonly slaBreaches: { readonly count: number; readonly rate: number | null };
  readonly repeatedOfficers: readonly RepeatedOfficer[];
  readonly disciplineOutcomes: DisciplineFigures;
  readonly complaints: Readonly<Record<ComplaintKind | 'all', ComplaintFigures>>;
  readonly moneyAtRisk: MoneyFigures;
  /** Workflow times (README, "Workflow times"): triage and conclusion of the period's findings, decisions of the period. */
  readonly timeTo: Readonly<Record<Measure, DurationFigures>>;
  readonly score: number | null;
  readonly scoreBreakdown: ScoreBreakdown | null;
  readonly trend: readonly TrendPoint[];
}

export interface FindingCounts {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byRule: readonly { readonly ruleId: string; readonly severity: Severity; readonly count: number }[];
}

export interface FindingFigures extends FindingCounts {
  readonly per100ActiveCases: number | null;
  /**
   * Findings of the period a suppression holds (findings v1.3), counted apart: they are in none
   * of the other figures until the suppression ends.
   */
  readonly suppressed: FindingCounts;
}

export interface PrecisionFigures {
  readonly concluded: number;
  readonly truePositives: number;
  readonly precision: number | null;
  readonly confirmedByDiscipline: number;
  readonly dismissed: number;
}
export type RulePrecision = { readonly ruleId: string } & PrecisionFigures;

export interface RepeatedOfficer {
  readonly officerId: string;
  readonly count: number;
  readonly rules: readonly { readonly ruleId: string; readonly count: number }[];
}

export interface DisciplineFigures {
  readonly decided: number;
  readonly byOutcome: Readonly<Record<DisciplineOutcome, number>>;
  readonly byForm: Readonly<Record<DisciplineForm | 'unspecified', number>>;
  readonly annulledOnAppeal: number;
  readonly changedOnAppeal: number;
}

export interface ComplaintFigures {
  readonly received: number;
  readonly resolvedOnTime: number;
  readonly resolvedLate: number;
  /** Not resolved, and the deadline had passed at the end of the period. */
  readonly overdue: number;
  /** Not resolved, still within the deadline at the end of the period. */
  readonly pending: number;
  /** resolvedOnTime ÷ (received − pending): the share of complaints judged at the end of the period that were resolved in time. */
  readonly onTimeRate: number | null;
}

export interface MoneyFigures {
  /** VND collected more than 10 days before the end of the period and not paid out before it. */
  readonly amount: number;
  /** VND collected and not paid out before the end of the period. */
  readonly held: number;
  /** amount ÷ held. */
  readonly share: number | null;
}

/** Points subtracted from 100, per component (see `SCORE`). */
export interface ScoreBreakdown {
  readonly findings: number;
  readonly slaBreaches: number;
  readonly complaints: number;
  readonly moneyAtRisk: number;
}

export interface TrendPoint {
  readonly from: VnDay;
  readonly to: VnDay;
  readonly activeCases: number;
  readonly findings: number;
  readonly suppressed: number;
  readonly findingsPer100ActiveCases: number | null;
  readonly precision: number | null;
  readonly score: number | null;
}

/**
 * The unit integrity score, 0–100, higher is better (README, "For leadership"):
 *
 *   score = 100 − F − S − C − M, bounded to [0, 100], one decimal; null without active cases
 *   F = min(40, weighted findings per 100 active cases), weights low 0.5, medium 1, high 2, critical 4
 *   S = 10 × min(1, SLA breaches ÷ findings)                       (0 without findings)
 *   C = 25 × (resolved late + overdue) ÷ (received − pending)       (0 without a judged complaint)
 *   M = 25 × money at risk ÷ money held                             (0 when nothing is held)
 *
 * Rule precision is not in it: it measures the rules, not the unit.
 */
export const SCORE = {
  severityWeights: { low: 0.5, medium: 1, high: 2, critical: 4 } as Readonly<Record<Severity, number>>,
  findingsMax: 40,
  slaMax: 10,
  complaintsMax: 25,
  moneyMax: 25,
} as const;

export const MAX_TREND_MONTHS = 24;
export const REPEATED_OFFICER_MIN = 3;
export const REPEATED_OFFICERS_SHOWN = 20;

const OUTCOMES: readonly DisciplineOutcome[] = ['disciplined', 'not_disciplined', 'referred_to_investigators'];

/** The cells of a set of units, by key. */
export class IntegrityTable {
  private readonly byKey = new Map<IntegrityKey, IntegrityCell[]>();

  constructor(cells: readonly IntegrityCell[], unitIds: readonly string[]) {
    const units = new Set(unitIds);
    for (const c of cells) {
      if (!units.has(c.unitId)) continue;
      const list = this.byKey.get(c.key) ?? [];
      list.push(c);
      this.byKey.set(c.key, list);
    }
  }

  /** Cells of `key` on the days of [from, to). */
  in(key: IntegrityKey, from: VnDay, to: VnDay): IntegrityCell[] {
    return (this.byKey.get(key) ?? []).filter((c) => c.day >= from && c.day < to);
  }

  /** `key` summed over [from, to), per value of the first `n` dims (joined by a NUL), or in all with n = 0. */
  sumBy(key: IntegrityKey, from: VnDay, to: VnDay, n = 0): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.in(key, from, to)) {
      const id = c.dims.slice(0, n).join('\u0000');
      out.set(id, (out.get(id) ?? 0) + c.value);
    }
    return out;
  }

  sum(key: IntegrityKey, from: VnDay, to: VnDay): number {
    return this.in(key, from, to).reduce((n, c) => n + c.value, 0);
  }

  /** `key` summed over every day before `to` (a step key's value at the cut-off). */
  before(key: IntegrityKey, to: VnDay): number {
    return (this.byKey.get(key) ?? []).reduce((n, c) => (c.day < to ? n + c.value : n), 0);
  }
}

/** The periods the answer needs the active cases of: the period, then each month of its trend. */
export function periodsNeeded(period: Period): Period[] {
  return [period, ...trendPeriods(period)];
}

/** Each calendar month of the period, clipped to it; the latest 24 when there are more. */
export function trendPeriods({ from, to }: Period): Period[] {
  const out: Period[] = [];
  for (let start = from; start < to;) {
    const [y = 0, m = 0] = start.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const end = next < to ? next : to;
    out.push({ from: start, to: end });
    start = end;
  }
  return out.slice(-MAX_TREND_MONTHS);
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Every figure of a period from the integrity cells of the unit's scope and the statistics'
 * active cases (`activeCases(p)`: `toExecute` of the same units for p; it is asked for the
 * periods of `periodsNeeded`). `calendar`: the working-day calendar complaint deadlines are
 * counted on (the service's view of the official days off).
 */
export function integrityFigures(
  table: IntegrityTable,
  period: Period,
  activeCases: (p: Period) => number,
  calendar: WorkingCalendar = SHIPPED_CALENDAR,
): IntegrityFigures {
  const head = headline(table, period, activeCases(period), calendar);
  return {
    activeCases: head.activeCases,
    findings: head.findings,
    precision: precisionOf(table, period),
    slaBreaches: head.slaBreaches,
    repeatedOfficers: repeatedOfficers(table, period),
    disciplineOutcomes: disciplineOf(table, period),
    complaints: head.complaints,
    moneyAtRisk: head.money,
    timeTo: timesOf(table, period),
    score: head.score,
    scoreBreakdown: head.breakdown,
    trend: trendPeriods(period).map((p) => {
      const h = headline(table, p, activeCases(p), calendar);
      return {
        from: p.from,
        to: p.to,
        activeCases: h.activeCases,
        findings: h.findings.total,
        suppressed: h.findings.suppressed.total,
        findingsPer100ActiveCases: h.findings.per100ActiveCases,
        precision: h.precision,
        score: h.score,
      };
    }),
  };
}

/** The figures the score and the trend are made of. */
function headline(table: IntegrityTable, { from, to }: Period, activeCases: number, calendar: WorkingCalendar) {
  const { total, bySeverity, byRule } = countsOf(table, 'finding', { from, to });
  const findings: FindingFigures = {
    total,
    per100ActiveCases: activeCases === 0 ? null : (total / activeCases) * 100,
    bySeverity,
    byRule,
    suppressed: countsOf(table, 'suppressedFinding', { from, to }),
  };
  const breaches = table.sum('slaBreached', from, to);
  const slaBreaches = { count: breaches, rate: rate(breaches, total) };
  const complaints = complaintsOf(table, { from, to }, calendar);
  const amount = table.before('moneyAtRisk', to);
  const held = table.before('moneyHeld', to);
  const money: MoneyFigures = { amount, held, share: rate(amount, held) };
  const precision = rate(table.sum('truePositive', from, to), table.sum('concluded', from, to));

  if (activeCases <= 0)
    return { activeCases, findings, slaBreaches, complaints, money, precision, score: null, breakdown: null };
  const weighted = SEVERITIES.reduce((n, s) => n + SCORE.severityWeights[s] * bySeverity[s], 0);
  const all = complaints.all;
  const judged = all.received - all.pending;
  const breakdown: ScoreBreakdown = {
    findings: Math.min(SCORE.findingsMax, (weighted / activeCases) * 100),
    slaBreaches: SCORE.slaMax * Math.min(1, total === 0 ? 0 : breaches / total),
    complaints: SCORE.complaintsMax * (judged <= 0 ? 0 : (all.resolvedLate + all.overdue) / judged),
    moneyAtRisk: SCORE.moneyMax * (held <= 0 ? 0 : Math.min(1, Math.max(0, amount / held))),
  };
  const raw = 100 - breakdown.findings - breakdown.slaBreaches - breakdown.complaints - breakdown.moneyAtRisk;
  const score = Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
  return { activeCases, findings, slaBreaches, complaints, money, precision, score, breakdown };
}

/** Findings counted under `key` ([ruleId, severity] cells) in the period: per severity and per rule × severity. */
function countsOf(table: IntegrityTable, key: 'finding' | 'suppressedFinding', { from, to }: Period): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: { ruleId: string; severity: Severity; count: number }[] = [];
  for (const [id, count] of table.sumBy(key, from, to, 2)) {
    if (count === 0) continue;
    // Severities were checked against the schema when the finding was read.
    const [ruleId, severity] = id.split('\u0000') as [string, Severity];
    bySeverity[severity] += count;
    byRule.push({ ruleId, severity, count });
  }
  byRule.sort((a, b) => cmp(a.ruleId, b.ruleId) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return { total: byRule.reduce((n, r) => n + r.count, 0), bySeverity, byRule };
}

function precisionOf(table: IntegrityTable, { from, to }: Period): IntegrityFigures['precision'] {
  const sums = {
    concluded: table.sumBy('concluded', from, to, 1),
    truePositives: table.sumBy('truePositive', from, to, 1),
    confirmedByDiscipline: table.sumBy('confirmed', from, to, 1),
    dismissed: table.sumBy('dismissed', from, to, 1),
  };
  const rules = [...new Set(Object.values(sums).flatMap((m) => [...m].filter(([, n]) => n !== 0).map(([r]) => r)))];
  const figures = (get: (m: Map<string, number>) => number): PrecisionFigures => {
    const concluded = get(sums.concluded);
    const truePositives = get(sums.truePositives);
    return {
      concluded,
      truePositives,
      precision: rate(truePositives, concluded),
      confirmedByDiscipline: get(sums.confirmedByDiscipline),
      dismissed: get(sums.dismissed),
    };
  };
  const total = (m: Map<string, number>) => [...m.values()].reduce((n, v) => n + v, 0);
  return {
    overall: figures(total),
    byRule: rules.sort(cmp).map((ruleId) => ({ ruleId, ...figures((m) => m.get(ruleId) ?? 0) })),
  };
}

function repeatedOfficers(table: IntegrityTable, { from, to }: Period): RepeatedOfficer[] {
  const officers = new Map<string, Map<string, number>>();
  for (const c of table.in('officerFinding', from, to)) {
    const [officerId = '', ruleId = ''] = c.dims;
    const rules = officers.get(officerId) ?? new Map<string, number>();
    rules.set(ruleId, (rules.get(ruleId) ?? 0) + c.value);
    officers.set(officerId, rules);
  }
  return [...officers]
    .map(([officerId, rules]) => ({
      officerId,
      count: [...rules.values()].reduce((n, v) => n + v, 0),
      rules: [...rules]
        .filter(([, count]) => count !== 0)
        .map(([ruleId, count]) => ({ ruleId, count }))
        .sort((a, b) => b.count - a.count || cmp(a.ruleId, b.ruleId)),
    }))
    .filter((o) => o.count >= REPEATED_OFFICER_MIN)
    .sort((a, b) => b.count - a.count || cmp(a.officerId, b.officerId))
    .slice(0, REPEATED_OFFICERS_SHOWN);
}

function disciplineOf(table: IntegrityTable, { from, to }: Period): DisciplineFigures {
  const outcomes = table.sumBy('decided', from, to, 1);
  const forms = table.sumBy('disciplinedForm', from, to, 1);
  return {
    decided: [...outcomes.values()].reduce((n, v) => n + v, 0),
    byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, outcomes.get(o) ?? 0])) as Record<DisciplineOutcome, number>,
    byForm: Object.fromEntries([...DISCIPLINE_FORMS, 'unspecified'].map((f) => [f, forms.get(f) ?? 0])) as Record<
      DisciplineForm | 'unspecified',
      number
    >,
    annulledOnAppeal: table.sum('annulledOnAppeal', from, to),
    changedOnAppeal: table.sum('changedOnAppeal', from, to),
  };
}

/**
 * Complaints received in the period. An unresolved one is overdue when its deadline (received
 * day + the limit, moved off a day off to the next working day) was before the period's last day
 * ended, i.e. it was received before `overdueBefore(kind, to)`; otherwise it is pending.
 */
function complaintsOf(
  table: IntegrityTable,
  { from, to }: Period,
  calendar: WorkingCalendar,
): Record<ComplaintKind | 'all', ComplaintFigures> {
  const count = (key: IntegrityKey, kind: ComplaintKind, f = from, t = to) =>
    t <= f ? 0 : (table.sumBy(key, f, t, 1).get(kind) ?? 0);
  const byKind = COMPLAINT_KINDS.map((kind) => {
    const cutoff = overdueBefore(kind, to, calendar);
    const unresolved = count('complaintUnresolved', kind);
    const overdue = count('complaintUnresolved', kind, from, cutoff < to ? cutoff : to);
    return [
      kind,
      {
        received: count('complaintReceived', kind),
        resolvedOnTime: count('complaintOnTime', kind),
        resolvedLate: count('complaintLate', kind),
        overdue,
        pending: unresolved - overdue,
      },
    ] as const;
  });
  const withRate = (f: Omit<ComplaintFigures, 'onTimeRate'>): ComplaintFigures => ({
    ...f,
    onTimeRate: rate(f.resolvedOnTime, f.received - f.pending),
  });
  const all = byKind.reduce(
    (a, [, f]) => ({
      received: a.received + f.received,
      resolvedOnTime: a.resolvedOnTime + f.resolvedOnTime,
      resolvedLate: a.resolvedLate + f.resolvedLate,
      overdue: a.overdue + f.overdue,
      pending: a.pending + f.pending,
    }),
    { received: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0, pending: 0 },
  );
  return {
    ...(Object.fromEntries(byKind.map(([k, f]) => [k, withRate(f)])) as Record<ComplaintKind, ComplaintFigures>),
    all: withRate(all),
  };
}

function timesOf(table: IntegrityTable, { from, to }: Period): Record<Measure, DurationFigures> {
  const counts = table.in('duration', from, to);
  const seconds = table.in('durationSeconds', from, to);
  return Object.fromEntries(MEASURES.map((m) => [m, durationFigures(m, counts, seconds)])) as Record<
    Measure,
    DurationFigures
  >;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
