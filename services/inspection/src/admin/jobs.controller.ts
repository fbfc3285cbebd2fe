import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditRepository } from '../audit/audit.repository';
import { intParam, oneOf } from '../http/params';
import { Roles, type AuthedRequest } from '../identity/auth.guard';
import { JobQueues } from '../jobs/job-queues';

const STATES = ['failed', 'delayed', 'waiting', 'prioritized', 'active', 'completed'] as const;

export interface JobView {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  failedReason?: string;
  createdAt: string;
  finishedAt?: string;
  /** When a delayed job is due to run. */
  runAt?: string;
}

function view(queue: string, job: Job): JobView {
  return {
    queue, id: job.id ?? '', name: job.name, data: job.data, attemptsMade: job.attemptsMade,
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    ...(job.delay ? { runAt: new Date(job.timestamp + job.delay).toISOString() } : {}),
  };
}

/**
 * The background jobs as an administrator sees them: counts per queue and state, the jobs in
 * one state (failed ones with their reason and attempts), and a retry of a failed job.
 */
@Controller('api/admin/jobs')
@Roles('admin')
export class JobsController {
  constructor(private readonly queues: JobQueues, private readonly audit: AuditRepository) {}

  @Get()
  async list(@Query() q: Record<string, unknown>): Promise<{ counts: Record<string, Record<string, number>>; state: string; items: JobView[] }> {
    const state = oneOf(q['state'], 'state', STATES) ?? 'failed';
    const names = this.queues.all.map((x) => x.name);
    const only = oneOf(q['queue'], 'queue', names);
    const limit = intParam(q['limit'], 'limit', 100, 1, 1000);
    const counts: Record<string, Record<string, number>> = {};
    const items: JobView[] = [];
    for (const queue of this.queues.all) {
      counts[queue.name] = await queue.getJobCounts(...STATES);
      if (only && queue.name !== only) continue;
      const jobs = await queue.getJobs([state], 0, limit - 1, false);
      items.push(...jobs.filter((j): j is Job => j !== undefined).map((j) => view(queue.name, j)));
    }
    return { counts, state, items: items.slice(0, limit) };
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  async retry(@Req() req: AuthedRequest, @Param('queue') queueName: string, @Param('id') id: string): Promise<JobView> {
    const queue = this.queues.byName(queueName);
    if (!queue) throw new NotFoundException(`no queue ${queueName}`);
    const job = await queue.getJob(id);
    if (!job || !(await job.isFailed())) throw new NotFoundException(`no failed job ${id} in ${queueName}`);
    await job.retry('failed');
    await this.audit.append({ at: new Date().toISOString(), actor: `user:${req.principal!.sub}`, action: 'job.retried', subject: `job:${queueName}/${id}`, before: { failedReason: job.failedReason, attemptsMade: job.attemptsMade } });
    return view(queueName, (await queue.getJob(id)) ?? job);
  }
}
