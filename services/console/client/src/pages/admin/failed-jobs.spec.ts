import { failedPerQueue, findingOf, newestFailureFirst, type Job } from './failed-jobs';

const job = (id: string, over: Partial<Job> = {}): Job => ({
  queue: 'inspection-sla',
  id,
  name: 'sla-escalation',
  data: { v: 1, findingId: `F-${id}`, at: 0 },
  attemptsMade: 1,
  createdAt: '2026-03-02T02:00:00.000Z',
  ...over,
});

describe('failed jobs on the console', () => {
  it('names the finding a job is about, and nothing for data without one', () => {
    expect(findingOf(job('a'))).toBe('F-a');
    expect(findingOf(job('b', { data: { v: 1, suppressionId: 'S1' } }))).toBeUndefined();
    expect(findingOf(job('c', { data: null }))).toBeUndefined();
    expect(findingOf(job('d', { data: { findingId: 12 } }))).toBeUndefined();
  });

  it('counts the failed jobs per queue, a queue without any as 0', () => {
    expect(
      failedPerQueue({
        'inspection-tasks': { failed: 0, waiting: 3 },
        'inspection-sla': { failed: 2 },
        other: { delayed: 1 },
      }),
    ).toEqual([
      { queue: 'inspection-sla', failed: 2 },
      { queue: 'inspection-tasks', failed: 0 },
      { queue: 'other', failed: 0 },
    ]);
  });

  it('lists the most recent failure first', () => {
    const jobs = [
      job('old', { finishedAt: '2026-03-02T03:00:00.000Z' }),
      job('new', { finishedAt: '2026-03-03T03:00:00.000Z' }),
      job('unfinished', { createdAt: '2026-03-02T04:00:00.000Z' }),
    ];
    expect(newestFailureFirst(jobs).map((j) => j.id)).toEqual(['new', 'unfinished', 'old']);
  });
});
