import { explainScore } from './score';
import type { Integrity } from './types';

const NONE_HELD = { total: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byRule: [] };

/** The integrity answer of a unit, with the figures the score reads. */
function figures(over: Partial<Integrity> = {}): Integrity {
  const complaints = { received: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0, pending: 0, onTimeRate: null };
  return {
    activeCases: 200,
    findings: {
      total: 10,
      per100ActiveCases: 5,
      bySeverity: { low: 4, medium: 3, high: 2, critical: 1 },
      byRule: [],
      suppressed: NONE_HELD,
    },
    precision: {
      overall: { concluded: 0, truePositives: 0, precision: null, confirmedByDiscipline: 0, dismissed: 0 },
      byRule: [],
    },
    slaBreaches: { count: 2, rate: 0.2 },
    repeatedOfficers: [],
    disciplineOutcomes: {
      decided: 0,
      byOutcome: { disciplined: 0, not_disciplined: 0, referred_to_investigators: 0 },
      byForm: {
        reprimand: 0,
        warning: 0,
        salary_step_reduction: 0,
        demotion: 0,
        removal_from_post: 0,
        dismissal: 0,
        unspecified: 0,
      },
      annulledOnAppeal: 0,
      changedOnAppeal: 0,
    },
    complaints: {
      complaint: complaints,
      denunciation: complaints,
      all: { received: 12, resolvedOnTime: 6, resolvedLate: 2, overdue: 2, pending: 2, onTimeRate: 0.6 },
    },
    moneyAtRisk: { amount: 50_000_000, held: 200_000_000, share: 0.25 },
    timeTo: {
      triage: { count: 0, meanDays: null, medianDays: null },
      conclude: { count: 0, meanDays: null, medianDays: null },
      decide: { count: 0, meanDays: null, medianDays: null },
    },
    // F = (0.5·4 + 3 + 2·2 + 4·1) ÷ 200 × 100 = 6.5; S = 10 × 2/10 = 2; C = 25 × 4/10 = 10; M = 25 × 0.25 = 6.25.
    score: 75.3,
    scoreBreakdown: { findings: 6.5, slaBreaches: 2, complaints: 10, moneyAtRisk: 6.25 },
    trend: [],
    ...over,
  };
}

describe('the integrity score taken apart', () => {
  it("writes each deduction out with the unit's own figures, as the README's formula reads", () => {
    const s = explainScore(figures())!;
    expect(s.score).toBe(75.3);
    expect(s.fromParts).toBe(75.3);
    expect(s.parts.map((p) => [p.key, p.points, p.max, p.recomputed])).toEqual([
      ['findings', 6.5, 40, 6.5],
      ['slaBreaches', 2, 10, 2],
      ['complaints', 10, 25, 10],
      ['moneyAtRisk', 6.25, 25, 6.25],
    ]);
    expect(s.parts[0]!.inputs).toEqual({ low: 4, medium: 3, high: 2, critical: 1, weighted: 13, activeCases: 200 });
    expect(s.parts[2]!.inputs).toEqual({ late: 2, overdue: 2, received: 12, pending: 2, judged: 10 });
  });

  it('caps the findings at 40 points and the score at zero', () => {
    const s = explainScore(
      figures({
        activeCases: 10,
        score: 0,
        scoreBreakdown: { findings: 40, slaBreaches: 10, complaints: 25, moneyAtRisk: 25 },
        slaBreaches: { count: 30, rate: 3 },
        moneyAtRisk: { amount: 10, held: 10, share: 1 },
        complaints: {
          complaint: figures().complaints.complaint,
          denunciation: figures().complaints.complaint,
          all: { received: 3, resolvedOnTime: 0, resolvedLate: 1, overdue: 2, pending: 0, onTimeRate: 0 },
        },
      }),
    )!;
    expect(s.parts.map((p) => p.recomputed)).toEqual([40, 10, 25, 25]);
    expect(s.fromParts).toBe(0);
  });

  it('deducts nothing for what cannot be measured: no findings, no complaint judged, nothing held', () => {
    const s = explainScore(
      figures({
        findings: {
          total: 0,
          per100ActiveCases: 0,
          bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
          byRule: [],
          suppressed: NONE_HELD,
        },
        slaBreaches: { count: 0, rate: null },
        complaints: {
          complaint: figures().complaints.complaint,
          denunciation: figures().complaints.complaint,
          all: { received: 1, resolvedOnTime: 0, resolvedLate: 0, overdue: 0, pending: 1, onTimeRate: null },
        },
        moneyAtRisk: { amount: 0, held: 0, share: null },
        score: 100,
        scoreBreakdown: { findings: 0, slaBreaches: 0, complaints: 0, moneyAtRisk: 0 },
      }),
    )!;
    expect(s.parts.map((p) => p.recomputed)).toEqual([0, 0, 0, 0]);
    expect(s.fromParts).toBe(100);
  });

  it('has nothing to explain when the unit has no score', () => {
    expect(explainScore(figures({ activeCases: 0, score: null, scoreBreakdown: null }))).toBeUndefined();
  });
});
