import type { paths } from '../../api/generated/inspection';

/** The failed background jobs as the jobs page lists them: what each is about, and the counts per queue. */

export type JobList = paths['/api/admin/jobs']['get']['responses']['200']['content']['application/json'];
export type Job = JobList['items'][number];
export type QueueName = NonNullable<NonNullable<paths['/api/admin/jobs']['get']['parameters']['query']>['queue']>;

/** The finding a job works on: inspection-task and SLA jobs all carry one in their data. */
export function findingOf(job: Pick<Job, 'data'>): string | undefined {
  const data = job.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as { findingId?: unknown }).findingId;
  return typeof id === 'string' && id ? id : undefined;
}

/** Failed jobs per queue, from the counts of the answer (an area office's administrator gets only its own). */
export function failedPerQueue(counts: JobList['counts']): { queue: string; failed: number }[] {
  return Object.entries(counts)
    .map(([queue, byState]) => ({ queue, failed: byState['failed'] ?? 0 }))
    .sort((a, b) => a.queue.localeCompare(b.queue));
}

/** Most recent failure first (by when it failed; without that, by when it was created). */
export function newestFailureFirst(jobs: readonly Job[]): Job[] {
  const at = (j: Job) => Date.parse(j.finishedAt ?? j.createdAt);
  return [...jobs].sort((a, b) => at(b) - at(a) || a.id.localeCompare(b.id));
}
