import { CaseEngine, type Fact } from '@thads/rules';
import { SubjectProcessor, type FactMessage } from './subject-processor';

const engine = new CaseEngine();
const t = (iso: string) => Date.parse(`${iso}T09:00:00+07:00`);
const complaint = (id: string, day: string): FactMessage => ({
  fact: { k: 'complaint', subject: 'officer:O-1', id, at: t(day), unitId: 'U-1', officerId: 'O-1', complaintId: id },
});
const marks = (sources: number, day: string): FactMessage[] =>
  Array.from({ length: sources }, (_, s) => ({ mark: { source: s, at: t(day) } }));

describe('SubjectProcessor', () => {
  it('raises complaint-cluster once when the third complaint within 365 days arrives, and again only after the episode ended', () => {
    const p = new SubjectProcessor(0, 2, engine);
    const fs = p.ingest([
      complaint('k1', '2025-01-10'),
      complaint('k2', '2025-03-10'),
      complaint('k3', '2025-06-10'),
      complaint('k4', '2025-07-10'),
      // k5 a year and a half later: the window holds only k5 -> episode over; then k6, k7 make three again.
      complaint('k5', '2026-12-01'),
      complaint('k6', '2026-12-05'),
      complaint('k7', '2026-12-09'),
      ...marks(2, '2027-01-01'),
    ]);
    expect(fs.map((f) => [f.ruleId, f.officerId, f.evidence.eventIds.length])).toEqual([
      ['complaint-cluster', 'O-1', 3],
      ['complaint-cluster', 'O-1', 3],
    ]);
  });

  it('does not raise for two complaints, nor for three spread over more than 365 days', () => {
    const p = new SubjectProcessor(0, 1, engine);
    expect(p.ingest([complaint('k1', '2025-01-10'), complaint('k2', '2025-03-10'), ...marks(1, '2025-12-31')])).toEqual(
      [],
    );
    const q = new SubjectProcessor(0, 1, engine);
    // 10 Jan 2025 + 365 days = 10 Jan 2026: the first complaint has left the window by then.
    expect(
      q.ingest([
        complaint('k1', '2025-01-10'),
        complaint('k2', '2025-06-10'),
        complaint('k3', '2026-01-10'),
        ...marks(1, '2026-12-31'),
      ]),
    ).toEqual([]);
    const r = new SubjectProcessor(0, 1, engine);
    expect(
      r.ingest([
        complaint('k1', '2025-01-10'),
        complaint('k2', '2025-06-10'),
        complaint('k3', '2026-01-09'),
        ...marks(1, '2026-12-31'),
      ]),
    ).toHaveLength(1);
  });

  it('waits for every source partition before judging, and gives the same result in any arrival order', () => {
    const facts = [complaint('k1', '2025-01-10'), complaint('k2', '2025-01-11'), complaint('k3', '2025-01-12')];
    const a = new SubjectProcessor(0, 3, engine);
    expect(a.ingest([...facts, ...marks(2, '2025-02-01')])).toEqual([]);
    const later = a.ingest([{ mark: { source: 2, at: t('2025-02-01') } }]);
    const b = new SubjectProcessor(0, 3, engine);
    const reversed = b.ingest([...marks(3, '2025-02-01'), ...[...facts].reverse(), facts[0]!]);
    expect(later).toHaveLength(1);
    expect(reversed).toEqual(later);
  });

  it('raises split-payouts for three payouts under 100 million within two days that add up to more', () => {
    const payout = (id: string, at: number, amount: number): FactMessage => ({
      fact: {
        k: 'payout',
        subject: 'payee:P-9',
        id,
        at,
        unitId: 'U-1',
        caseId: `C-${id}`,
        payeeId: 'P-9',
        amount,
      } as Fact,
    });
    const p = new SubjectProcessor(0, 1, engine);
    const fs = p.ingest([
      payout('a', t('2025-03-01'), 40_000_000),
      payout('b', t('2025-03-02'), 40_000_000),
      payout('c', t('2025-03-02') + 3600_000, 30_000_000),
      payout('x', t('2025-04-01'), 40_000_000),
      payout('y', t('2025-04-05'), 40_000_000),
      payout('z', t('2025-04-09'), 40_000_000),
      ...marks(1, '2025-05-01'),
    ]);
    expect(fs.map((f) => [f.ruleId, f.evidence.figures['total']])).toEqual([['split-payouts', 110_000_000]]);
  });

  it('raises unable-rate-outlier for an officer far above the other officers of the unit', () => {
    const msgs: FactMessage[] = [];
    let n = 0;
    const classify = (officerId: string, unable: boolean) => {
      n += 1;
      msgs.push({
        fact: {
          k: 'classified',
          subject: 'unit:U-1',
          id: `c${n}`,
          at: t('2025-03-01') + n * 60_000,
          unitId: 'U-1',
          officerId,
          caseId: `C${n}`,
          category: unable ? 'unable' : 'able',
        },
      });
    };
    for (const o of ['O-A', 'O-B', 'O-C']) for (let i = 0; i < 20; i += 1) classify(o, i < 4); // 20 % unable
    for (let i = 0; i < 20; i += 1) classify('O-X', i < 15); // 75 % unable
    const fs = new SubjectProcessor(0, 1, engine).ingest([...msgs, ...marks(1, '2025-04-01')]);
    expect(fs.map((f) => [f.ruleId, f.officerId])).toEqual([['unable-rate-outlier', 'O-X']]);
  });

  it('does not raise unable-rate-outlier below the minimum of 20 classified cases, nor for officers alike', () => {
    const msgs: FactMessage[] = [];
    let n = 0;
    const classify = (officerId: string, unable: boolean) => {
      n += 1;
      msgs.push({
        fact: {
          k: 'classified',
          subject: 'unit:U-1',
          id: `c${n}`,
          at: t('2025-03-01') + n * 60_000,
          unitId: 'U-1',
          officerId,
          caseId: `C${n}`,
          category: unable ? 'unable' : 'able',
        },
      });
    };
    for (const o of ['O-A', 'O-B', 'O-C']) for (let i = 0; i < 20; i += 1) classify(o, i < 4);
    for (let i = 0; i < 19; i += 1) classify('O-X', true); // 100 % unable but only 19 cases
    for (let i = 0; i < 20; i += 1) classify('O-Y', i < 5); // 25 %: close to the others
    expect(new SubjectProcessor(0, 1, engine).ingest([...msgs, ...marks(1, '2025-04-01')])).toEqual([]);
  });

  it('does not raise split-payouts when one of three payouts reaches the threshold itself', () => {
    const payout = (id: string, amount: number): FactMessage => ({
      fact: {
        k: 'payout',
        subject: 'payee:P-9',
        id,
        at: t('2025-03-01') + Number(id.slice(1)) * 3600_000,
        unitId: 'U-1',
        caseId: 'C',
        payeeId: 'P-9',
        amount,
      } as Fact,
    });
    const fs = new SubjectProcessor(0, 1, engine).ingest([
      payout('p1', 40_000_000),
      payout('p2', 40_000_000),
      payout('p3', 100_000_000),
      ...marks(1, '2025-03-10'),
    ]);
    expect(fs).toEqual([]);
  });

  it('forgets a payee once its last payout has left the split-payouts window, and a later payout starts afresh', () => {
    const payout = (id: string, day: string, amount: number): FactMessage => ({
      fact: {
        k: 'payout',
        subject: 'payee:P-9',
        id,
        at: t(day),
        unitId: 'U-1',
        caseId: `C-${id}`,
        payeeId: 'P-9',
        amount,
      },
    });
    const p = new SubjectProcessor(0, 1, engine);
    expect(p.ingest([payout('d1', '2025-03-03', 40_000_000), ...marks(1, '2025-03-04')])).toEqual([]);
    expect(p.trackedSubjects).toBe(1);
    expect(p.checkpoint().removed).toEqual([]);
    // Four days on (window 2 days + 1): the payee is forgotten and the checkpoint says so.
    p.ingest(marks(1, '2025-03-08'));
    expect(p.trackedSubjects).toBe(0);
    const cp = p.checkpoint();
    expect(cp.removed).toEqual(['payee:P-9']);
    expect(cp.subjects).toEqual([]);
    // Three small payouts in a day later on still make one finding.
    const fs = p.ingest([
      payout('d2', '2025-04-01', 40_000_000),
      payout('d3', '2025-04-01', 40_000_000),
      payout('d4', '2025-04-01', 40_000_000),
      ...marks(1, '2025-04-02'),
    ]);
    expect(fs.map((f) => f.ruleId)).toEqual(['split-payouts']);
    expect(p.checkpoint().removed).toEqual([]);
  });
});
