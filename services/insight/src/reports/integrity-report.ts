import { DISCIPLINE_FORMS, SEVERITIES, type DisciplineOutcome, type Severity } from '@thads/contracts';
import { MEASURES, type IntegrityFigures } from '../integrity';
import type { Lang } from './format';
import { INTEGRITY_TEXT, say } from './labels';

/**
 * The integrity metrics of a report's unit and period as tables, in the report's language: one
 * model that both the workbook and the PDF draw, so the two cannot disagree. A value keeps its
 * kind (a count, VND, a fraction, days) and each renderer writes it its own way — numbers with
 * a number format in the workbook, text formatted the Vietnamese way in the PDF.
 */
export type Value =
  | { readonly kind: 'count' | 'money' | 'score'; readonly value: number }
  | { readonly kind: 'rate' | 'days' | 'decimal'; readonly value: number | null }
  | { readonly kind: 'text'; readonly value: string };

export interface Table {
  readonly title: string;
  /** Column headings after the first (label) column; none for a list of label–value pairs. */
  readonly columns?: readonly string[];
  readonly rows: readonly { readonly label: string; readonly values: readonly Value[]; readonly bold?: boolean }[];
  /** A line under the table (how a figure is measured). */
  readonly note?: string;
}

const count = (value: number): Value => ({ kind: 'count', value });
const money = (value: number): Value => ({ kind: 'money', value });
const rate = (value: number | null): Value => ({ kind: 'rate', value });
const days = (value: number | null): Value => ({ kind: 'days', value });
const decimal = (value: number | null): Value => ({ kind: 'decimal', value });
const text = (value: string): Value => ({ kind: 'text', value });

const OUTCOMES: readonly DisciplineOutcome[] = ['disciplined', 'not_disciplined', 'referred_to_investigators'];

/** The tables of the integrity section, in the order the report prints them. */
export function integrityTables(f: IntegrityFigures, lang: Lang): Table[] {
  const T = INTEGRITY_TEXT;
  type Flat = { [K in keyof typeof T]: (typeof T)[K] extends { vi: string } ? K : never }[keyof typeof T];
  const s = (k: Flat, params?: Record<string, string | number>) => say(T[k], lang, params);
  const severity = (v: Severity) => T.severity[v][lang];

  const score: Table = {
    title: s('score'),
    rows: [
      {
        label: s('scoreValue'),
        values: [f.score === null ? text(s('noScore')) : { kind: 'score', value: f.score }],
        bold: true,
      },
      ...(f.scoreBreakdown
        ? (['findings', 'slaBreaches', 'complaints', 'moneyAtRisk'] as const).map((k) => ({
            label: T.scoreParts[k][lang],
            values: [decimal(f.scoreBreakdown![k])],
          }))
        : []),
    ],
    note: s('scoreNote'),
  };

  const findings: Table = {
    title: s('findings'),
    rows: [
      { label: s('activeCases'), values: [count(f.activeCases)] },
      { label: s('findingsTotal'), values: [count(f.findings.total)], bold: true },
      { label: s('per100'), values: [decimal(f.findings.per100ActiveCases)] },
      ...SEVERITIES.map((v) => ({ label: `  ${severity(v)}`, values: [count(f.findings.bySeverity[v])] })),
      { label: s('suppressed'), values: [count(f.findings.suppressed.total)] },
      { label: s('slaBreaches'), values: [count(f.slaBreaches.count)] },
      { label: s('slaRate'), values: [rate(f.slaBreaches.rate)] },
    ],
    note: s('suppressedNote'),
  };

  // Rule × severity, with the findings a suppression holds beside the counted ones.
  const key = (r: { ruleId: string; severity: Severity }) => `${r.ruleId}|${r.severity}`;
  const counted = new Map(f.findings.byRule.map((r) => [key(r), r.count]));
  const held = new Map(f.findings.suppressed.byRule.map((r) => [key(r), r.count]));
  const lines = [...new Map([...f.findings.byRule, ...f.findings.suppressed.byRule].map((r) => [key(r), r])).values()];
  lines.sort(
    (a, b) =>
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
  const byRule: Table = {
    title: s('byRule'),
    columns: [s('severityColumn'), s('countColumn'), s('suppressedColumn')],
    rows: [
      ...lines.map((r) => ({
        label: r.ruleId,
        values: [text(severity(r.severity)), count(counted.get(key(r)) ?? 0), count(held.get(key(r)) ?? 0)],
      })),
      {
        label: s('total'),
        values: [text(''), count(f.findings.total), count(f.findings.suppressed.total)],
        bold: true,
      },
    ],
  };

  const precisionRow = (label: string, p: IntegrityFigures['precision']['overall'], bold = false) => ({
    label,
    values: [
      count(p.concluded),
      count(p.truePositives),
      rate(p.precision),
      count(p.confirmedByDiscipline),
      count(p.dismissed),
    ],
    bold,
  });
  const precision: Table = {
    title: s('precision'),
    columns: [s('concluded'), s('truePositives'), s('precisionColumn'), s('confirmed'), s('dismissed')],
    rows: [
      ...f.precision.byRule.map((r) => precisionRow(r.ruleId, r)),
      precisionRow(s('allRules'), f.precision.overall, true),
    ],
  };

  const times: Table = {
    title: s('times'),
    columns: [s('measured'), s('meanDays'), s('medianDays')],
    rows: MEASURES.map((m) => ({
      label: T.measures[m][lang],
      values: [count(f.timeTo[m].count), days(f.timeTo[m].meanDays), days(f.timeTo[m].medianDays)],
    })),
    note: s('timesNote'),
  };

  const complaints: Table = {
    title: s('complaints'),
    columns: [s('received'), s('onTime'), s('late'), s('overdue'), s('pending'), s('onTimeRate')],
    rows: (['complaint', 'denunciation', 'all'] as const).map((k) => {
      const c = f.complaints[k];
      return {
        label: T.complaintKinds[k][lang],
        values: [
          count(c.received),
          count(c.resolvedOnTime),
          count(c.resolvedLate),
          count(c.overdue),
          count(c.pending),
          rate(c.onTimeRate),
        ],
        bold: k === 'all',
      };
    }),
    note: s('complaintsNote'),
  };

  const moneyAtRisk: Table = {
    title: s('money'),
    rows: [
      { label: s('moneyAmount'), values: [money(f.moneyAtRisk.amount)], bold: true },
      { label: s('moneyHeld'), values: [money(f.moneyAtRisk.held)] },
      { label: s('moneyShare'), values: [rate(f.moneyAtRisk.share)] },
    ],
  };

  const d = f.disciplineOutcomes;
  const discipline: Table = {
    title: s('discipline'),
    rows: [
      { label: s('decided'), values: [count(d.decided)], bold: true },
      ...OUTCOMES.map((o) => ({ label: `  ${T.outcomes[o][lang]}`, values: [count(d.byOutcome[o])] })),
      { label: s('byForm'), values: [text('')] },
      ...[...DISCIPLINE_FORMS, 'unspecified' as const].map((form) => ({
        label: `  ${T.forms[form][lang]}`,
        values: [count(d.byForm[form])],
      })),
      { label: s('annulled'), values: [count(d.annulledOnAppeal)] },
      { label: s('changed'), values: [count(d.changedOnAppeal)] },
    ],
  };

  return [score, findings, byRule, precision, times, complaints, moneyAtRisk, discipline];
}
