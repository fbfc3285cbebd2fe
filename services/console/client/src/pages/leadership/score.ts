import type { Integrity } from './types';

/**
 * The unit integrity score, taken apart for the people it judges (README, "Integrity metrics per
 * unit and period"): 100 less four deductions, each shown with the figures it comes from.
 *
 *   F = min(40, (0.5·low + 1·medium + 2·high + 4·critical) ÷ activeCases × 100)
 *   S = 10 × min(1, slaBreaches ÷ findings)          (0 without findings)
 *   C = 25 × (resolvedLate + overdue) ÷ (received − pending)   (0 if none judged)
 *   M = 25 × moneyAtRisk.share                        (0 when nothing is held)
 *
 * The points shown are the service's (`scoreBreakdown`); the inputs are recomputed here only to
 * write the formula out with the unit's own numbers. Pure, unit-tested.
 */

export type ScorePartKey = 'findings' | 'slaBreaches' | 'complaints' | 'moneyAtRisk';

export interface ScorePart {
  key: ScorePartKey;
  /** Points subtracted, as the service computed them. */
  points: number;
  /** The most this part can subtract. */
  max: number;
  /** The figures the formula reads, by name (see the i18n `formula.*` texts). */
  inputs: Record<string, number>;
  /** The points recomputed from the inputs: equal to `points` unless the figures moved between two reads. */
  recomputed: number;
}

export interface ScoreExplained {
  score: number;
  parts: ScorePart[];
  /** 100 − the parts, bounded to [0, 100] and rounded to one decimal, as the service does. */
  fromParts: number;
}

export const WEIGHTS = { low: 0.5, medium: 1, high: 2, critical: 4 } as const;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The score and its parts, or undefined when the unit has no score (no active case in the period). */
export function explainScore(f: Integrity): ScoreExplained | undefined {
  if (f.score === null || f.scoreBreakdown === null) return undefined;
  const s = f.findings.bySeverity;
  const weighted =
    WEIGHTS.low * s.low + WEIGHTS.medium * s.medium + WEIGHTS.high * s.high + WEIGHTS.critical * s.critical;
  const c = f.complaints.all;
  const judged = c.received - c.pending;
  const parts: ScorePart[] = [
    {
      key: 'findings',
      points: f.scoreBreakdown.findings,
      max: 40,
      inputs: { ...s, weighted, activeCases: f.activeCases },
      recomputed: f.activeCases === 0 ? 0 : Math.min(40, (weighted / f.activeCases) * 100),
    },
    {
      key: 'slaBreaches',
      points: f.scoreBreakdown.slaBreaches,
      max: 10,
      inputs: { breaches: f.slaBreaches.count, findings: f.findings.total },
      recomputed: f.findings.total === 0 ? 0 : 10 * Math.min(1, f.slaBreaches.count / f.findings.total),
    },
    {
      key: 'complaints',
      points: f.scoreBreakdown.complaints,
      max: 25,
      inputs: { late: c.resolvedLate, overdue: c.overdue, received: c.received, pending: c.pending, judged },
      recomputed: judged <= 0 ? 0 : (25 * (c.resolvedLate + c.overdue)) / judged,
    },
    {
      key: 'moneyAtRisk',
      points: f.scoreBreakdown.moneyAtRisk,
      max: 25,
      inputs: { amount: f.moneyAtRisk.amount, held: f.moneyAtRisk.held },
      recomputed: f.moneyAtRisk.held === 0 ? 0 : 25 * Math.min(1, f.moneyAtRisk.amount / f.moneyAtRisk.held),
    },
  ];
  const fromParts = round1(Math.min(100, Math.max(0, 100 - parts.reduce((n, p) => n + p.points, 0))));
  return { score: f.score, parts, fromParts };
}
