import { DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF } from '@thads/rules';
import { matchKey, simulate, type Simulation } from '@thads/simulator';
import { Backtest, streamOf } from './backtest';

/** Runs a simulated province through the detector's own event-time processors, in process. */
function detect(sim: Simulation): string[] {
  const backtest = new Backtest(DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF);
  const records = [...sim.registry, ...sim.events].map((e) => {
    const value = JSON.stringify(e);
    return { stream: streamOf(value), key: (e as { caseId?: string }).caseId ?? null, value };
  });
  for (let i = 0; i < records.length; i += 2000) backtest.feed(records.slice(i, i + 2000));
  const summary = backtest.summary();
  expect(summary.rejected).toBe(0);
  return summary.findings.map((f) => matchKey(f.ruleId, f)).sort();
}

describe('the detector over a simulated province', () => {
  it('finds nothing where nothing was planted: ordinary cases break no rule', () => {
    expect(detect(simulate({ cases: 3000, anomalyRate: 0, seed: 11 }))).toEqual([]);
  });

  it.each([1, 2])('finds exactly the planted irregularities (seed %i)', (seed) => {
    const sim = simulate({ cases: 2000, anomalyRate: 0.05, seed });
    const expected = sim.truth.map((t) => matchKey(t.ruleId, t)).sort();
    expect(new Set(expected).size).toBe(expected.length);
    expect(detect(sim)).toEqual(expected);
  });
});
