import { partitionFor } from '@thads/messaging';
import { latencies, percentile, PublishLog, quality } from './measure';

const T = (iso: string) => Date.parse(iso);

describe('benchmark measurement', () => {
  it("takes as trigger the moment both topics of the case partition had reached the finding's business time", () => {
    const log = new PublishLog(2);
    const p = partitionFor('C-1', 2);
    // case topic reaches 10:00 at wall 1000, finance topic only at wall 1500
    log.record('CaseEvents', p, T('2025-03-03T09:00:00+07:00'), 900);
    log.record('CaseEvents', p, T('2025-03-03T10:00:00+07:00'), 1000);
    log.record('FinanceEvents', p, T('2025-03-03T09:30:00+07:00'), 950);
    log.record('FinanceEvents', p, T('2025-03-03T11:00:00+07:00'), 1500);
    expect(log.readyAt(T('2025-03-03T10:00:00+07:00'), [p])).toBe(1500);
    // Before the first message of either lane: the first messages.
    expect(log.readyAt(T('2025-03-03T08:00:00+07:00'), [p])).toBe(950);
    // Never reached on one lane: unknown.
    expect(log.readyAt(T('2025-03-04T00:00:00+07:00'), [p])).toBeUndefined();
    const finding = {
      ruleId: 'payee-not-party',
      caseId: 'C-1',
      detectedAt: '2025-03-03T10:00:00+07:00',
      publishedAt: 1620,
    };
    expect(latencies(log, [finding])).toEqual([120]);
  });

  it('waits on every partition for rules over many cases', () => {
    const log = new PublishLog(2);
    for (const p of [0, 1]) {
      log.record('CaseEvents', p, T('2025-03-03T10:00:00+07:00'), 100 + p * 300);
      log.record('FinanceEvents', p, T('2025-03-03T10:00:00+07:00'), 100);
    }
    expect(log.partitionsOf({ ruleId: 'complaint-cluster', officerId: 'O-1' })).toEqual([0, 1]);
    expect(
      latencies(log, [
        { ruleId: 'complaint-cluster', officerId: 'O-1', detectedAt: '2025-03-03T10:00:00+07:00', publishedAt: 450 },
      ]),
    ).toEqual([50]);
  });

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('scores findings against the truth: a missed plant lowers recall, an extra or duplicate finding lowers precision', () => {
    const truth = [
      { ruleId: 'late-decision', caseId: 'C-1', unitId: 'U', plant: 'a', what: '' },
      { ruleId: 'complaint-cluster', officerId: 'O-1', unitId: 'U', plant: 'b', what: '' },
      { ruleId: 'payout-overdue', caseId: 'C-2', unitId: 'U', plant: 'c', what: '' },
    ];
    const q = quality(
      [
        { ruleId: 'late-decision', caseId: 'C-1' },
        { ruleId: 'late-decision', caseId: 'C-1' },
        { ruleId: 'complaint-cluster', officerId: 'O-1', caseId: undefined },
        { ruleId: 'stagnant-case', caseId: 'C-3' },
      ],
      truth,
    );
    expect([q.expected, q.found, q.matched]).toEqual([3, 4, 2]);
    expect(q.recall).toBeCloseTo(2 / 3);
    expect(q.precision).toBeCloseTo(2 / 4);
    expect(q.missed).toEqual(['payout-overdue|case:C-2']);
    expect(q.unexpected.sort()).toEqual(['late-decision|case:C-1', 'stagnant-case|case:C-3']);
  });
});
