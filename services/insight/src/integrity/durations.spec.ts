import { aFinding, inspected, proceeding } from './__tests__/builders';
import { cellsOf, figuresOf } from './__tests__/table';
import { BUCKET_HOURS, approximateMedian, bucketOf, daysBetween, durationCells, durationFigures } from './durations';
import { FindingsPartition, WorkflowPartition } from './partitions';
import type { WorkflowEvent } from './workflow';

const HOUR = 3_600;
const DAY = 86_400;
const MARCH = ['2025-03-01', '2025-04-01'] as const;

describe('durations: buckets, means and approximate medians', () => {
  it('puts a duration in the first bucket whose bound it is below, a year or more in the open bucket', () => {
    expect(bucketOf(0)).toBe('1');
    expect(bucketOf(HOUR - 1)).toBe('1');
    expect(bucketOf(HOUR)).toBe('4');
    expect(bucketOf(23 * HOUR)).toBe('24');
    expect(bucketOf(DAY)).toBe('48');
    expect(bucketOf(89 * DAY)).toBe('2160');
    expect(bucketOf(365 * DAY)).toBe('more');
  });

  it('adds a count to the bucket and the whole seconds to the sum; a negative duration counts as zero', () => {
    expect(durationCells('U-1', '2025-03-10', 'triage', 5 * HOUR + 0.4)).toEqual([
      { unitId: 'U-1', day: '2025-03-10', key: 'duration', dims: ['triage', '8'], value: 1 },
      { unitId: 'U-1', day: '2025-03-10', key: 'durationSeconds', dims: ['triage'], value: 5 * HOUR },
    ]);
    expect(durationCells('U-1', '2025-03-10', 'decide', -60).map((c) => [c.dims, c.value])).toEqual([
      [['decide', '1'], 1],
      [['decide'], 0],
    ]);
  });

  it('reads the grouped median L + (n/2 − F) ÷ f × w from the histogram', () => {
    const counts = (byBucket: Record<number, number>) => [...BUCKET_HOURS, Infinity].map((_, i) => byBucket[i] ?? 0);
    expect(approximateMedian(counts({}))).toBeNull();
    // Four in [1 d, 2 d): the middle (2 of 4) is halfway through the bucket.
    expect(approximateMedian(counts({ 4: 4 }))).toBe(1.5 * DAY);
    // One in [0, 1 h), three in [3 d, 5 d): n/2 = 2, one below, so a third of the way into [3 d, 5 d).
    expect(approximateMedian(counts({ 0: 1, 6: 3 }))).toBeCloseTo(3 * DAY + (1 / 3) * 2 * DAY, 6);
    // In the open bucket: its floor, a year.
    expect(approximateMedian(counts({ 17: 3 }))).toBe(365 * DAY);
  });

  it('answers count, an exact mean and the median in days, measure by measure', () => {
    const seconds = [2 * HOUR, 30 * HOUR, 40 * HOUR, 10 * DAY];
    const cells = seconds.flatMap((s) => durationCells('U-1', '2025-03-01', 'conclude', s));
    const other = durationCells('U-1', '2025-03-01', 'triage', 999 * DAY);
    const f = durationFigures(
      'conclude',
      [...cells, ...other].filter((c) => c.key === 'duration'),
      [...cells, ...other].filter((c) => c.key === 'durationSeconds'),
    );
    expect(f.count).toBe(4);
    expect(f.meanDays).toBeCloseTo(seconds.reduce((a, b) => a + b, 0) / 4 / DAY, 12);
    // Two in [1 d, 2 d) after one below: n/2 = 2 is halfway through that bucket.
    expect(f.medianDays).toBeCloseTo(1.5, 12);
    expect(durationFigures('decide', cells, cells)).toEqual({ count: 0, meanDays: null, medianDays: null });
  });

  it('counts whole days between two Vietnam days', () => {
    expect(daysBetween('2025-02-20', '2025-03-15')).toBe(23);
    expect(daysBetween('2025-03-15', '2025-03-15')).toBe(0);
  });
});

describe('time to triage, from integrity.findings.v1', () => {
  const detectedAt = '2025-03-10T08:00:00+07:00';
  const raised = aFinding('F-1', { detectedAt });
  const triaged = aFinding('F-1', {
    detectedAt,
    revision: 1,
    status: 'triaged',
    statusChangedAt: '2025-03-12T14:00:00+07:00',
  });
  const underway = aFinding('F-1', {
    detectedAt,
    revision: 2,
    status: 'under_inspection',
    statusChangedAt: '2025-03-20T09:00:00+07:00',
  });

  function triage(messages: ReturnType<typeof aFinding>[]) {
    const p = new FindingsPartition();
    p.apply(messages);
    const backward = new FindingsPartition();
    for (const m of [...messages].reverse()) backward.apply([m]);
    expect(cellsOf(backward)).toEqual(cellsOf(p));
    return figuresOf(cellsOf(p), ...MARCH).timeTo.triage;
  }

  it("times the finding from detectedAt to the statusChangedAt of its first move out of open, on the finding's day", () => {
    expect(triage([raised, triaged, underway])).toEqual({ count: 1, meanDays: 2.25, medianDays: 2.5 });
    // The later revisions do not move it, and a period without the finding's day has none.
    expect(figuresOf([], '2025-04-01', '2025-05-01').timeTo.triage.count).toBe(0);
  });

  it('counts a message delivered twice, or a stale re-publication of the raised finding, once', () => {
    expect(triage([triaged, raised, underway, triaged, raised])).toMatchObject({ count: 1, meanDays: 2.25 });
  });

  it('takes the lowest triaged or dismissed revision, whatever the order, and a dismissal straight from open', () => {
    const dismissedLater = aFinding('F-1', {
      detectedAt,
      revision: 2,
      status: 'dismissed',
      statusChangedAt: '2025-03-11T08:00:00+07:00',
    });
    expect(triage([dismissedLater, triaged])).toMatchObject({ count: 1, meanDays: 2.25 });
    const dismissed = aFinding('F-2', {
      detectedAt,
      revision: 1,
      status: 'dismissed',
      statusChangedAt: '2025-03-10T09:00:00+07:00',
    });
    expect(triage([dismissed])).toMatchObject({ count: 1, meanDays: 1 / 24 });
  });

  it('does not time a first move published without statusChangedAt (before v1.2), nor a finding still open', () => {
    const { statusChangedAt: _, ...untimed } = triaged;
    expect(triage([raised, untimed, underway])).toEqual({ count: 0, meanDays: null, medianDays: null });
    expect(triage([raised])).toMatchObject({ count: 0 });
  });
});

describe('time to conclude and time to decide, from the inspection and discipline topics', () => {
  const f1 = aFinding('F-1', { detectedAt: '2025-03-10T10:00:00+07:00' });
  const f2 = aFinding('F-2', { detectedAt: '2025-03-20T10:00:00+07:00' });

  function figures(events: readonly WorkflowEvent[], [from, to]: readonly [string, string] = MARCH) {
    const forward = new WorkflowPartition();
    forward.apply(events);
    const backward = new WorkflowPartition();
    for (const e of [...events].reverse()) backward.apply([e]);
    expect(cellsOf(backward)).toEqual(cellsOf(forward));
    return figuresOf(cellsOf(forward), from, to).timeTo;
  }

  it('times a finding from detectedAt to its first conclusion, whichever event carries it, once', () => {
    const i = inspected(f1);
    const concluded = i.concluded(true, '2025-03-14');
    const referred = i.referred(true, '2025-03-14');
    const reconsidered = i.concluded(false, '2025-03-30');
    const t = figures([referred, concluded, reconsidered, concluded]);
    // 96 h, in [72 h, 120 h): the median of one is the middle of its bucket, 96 h again.
    expect(t.conclude).toEqual({ count: 1, meanDays: 4, medianDays: 4 });
  });

  it('times a finding checkpointed before the workflow times when a referral carries its conclusion again', () => {
    const i = inspected(f1);
    const concluded = i.concluded(true, '2025-03-14');
    const before = new WorkflowPartition();
    before.apply([concluded]);
    // The record and cells as an older version stored them: no detectedAt, no conclusion time, no durations.
    const stored = before.all().map((item) => {
      if (item.k === 'month') return { ...item, cells: item.cells.filter((c) => !c.key.startsWith('duration')) };
      if (item.record.kind !== 'finding' || item.record.about === undefined) return item;
      const { detectedAt: _d, ...about } = item.record.about;
      const { concludedAt: _c, ...record } = item.record;
      return { ...item, record: { ...record, about } };
    });
    const upgraded = new WorkflowPartition().restore(stored);
    upgraded.apply([i.referred(true, '2025-03-14')]);
    expect(figuresOf(cellsOf(upgraded), ...MARCH).timeTo.conclude).toMatchObject({ count: 1, meanDays: 4 });
  });

  it('leaves out a finding dismissed, and a closure without a conclusion', () => {
    const t = figures([inspected(f1).dismissed('2025-03-11'), inspected(f2).closed('2025-03-25')]);
    expect(t.conclude.count).toBe(0);
  });

  it('times a proceeding in whole days from the day it opened to decidedOn, on decidedOn', () => {
    const p = proceeding('P-1', 'O-1');
    const q = proceeding('P-2', 'O-2');
    const events = [
      p.decided('disciplined', ['F-1'], '2025-03-15', 'warning'),
      p.opened(['F-1'], '2025-02-20'),
      p.opened(['F-1'], '2025-02-20'),
      q.opened(['F-2'], '2025-03-01'),
      q.decided('not_disciplined', ['F-2'], '2025-03-31'),
      // Opened, never decided: not timed.
      proceeding('P-3', 'O-3').opened(['F-3'], '2025-03-02'),
    ];
    const t = figures(events);
    expect([t.decide.count, t.decide.meanDays]).toEqual([2, (23 + 30) / 2]);
    // Both in [20 d, 30 d) and [30 d, 45 d): the middle is the end of the first.
    expect(t.decide.medianDays).toBeCloseTo(30, 9);
    expect(figures(events, ['2025-02-01', '2025-03-01']).decide.count).toBe(0);
  });
});
