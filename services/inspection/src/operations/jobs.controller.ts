import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Type, type Static } from '@sinclair/typebox';
import { AuditTrail } from '@thads/audit';
import { Principal, Roles } from '@thads/auth';
import { Api, S, ValidQuery, notFound } from '@thads/http';
import { Queues } from '@thads/contracts';
import { OrgRepository } from '@thads/org';
import { JobQueues } from '../core/job-queues';
import { FindingsRepository } from '../findings/findings.repository';

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
    queue,
    id: job.id ?? '',
    name: job.name,
    data: job.data,
    attemptsMade: job.attemptsMade,
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    ...(job.delay ? { runAt: new Date(job.timestamp + job.delay).toISOString() } : {}),
  };
}

/** The finding a job works on (inspection-task and SLA jobs all carry one). */
const findingOf = (job: Job): string | undefined => {
  const id = (job.data as { findingId?: unknown } | undefined)?.findingId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * The background jobs as an administrator sees them: counts per queue and state, the jobs in
 * one state (failed ones with their reason and attempts), and a retry of a failed job.
 */
const JobsQuery = Type.Object({
  state: Type.Optional(S.oneOf(STATES, 'Jobs in this state (default failed).')),
  queue: Type.Optional(S.oneOf(Object.values(Queues), 'Only this queue.')),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, errorMessage: 'an integer from 1 to 1000' }),
});
type JobsQuery = Static<typeof JobsQuery>;

const JobSchema = Type.Object({
  queue: Type.String(),
  id: Type.String(),
  name: Type.String(),
  data: Type.Unknown(),
  attemptsMade: Type.Integer(),
  failedReason: Type.Optional(Type.String()),
  createdAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
  runAt: Type.Optional(Type.String()),
});
const JobList = Type.Object({
  counts: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
  state: Type.String(),
  items: Type.Array(JobSchema),
});

@Controller('api/admin/jobs')
@Roles('admin')
export class JobsController {
  constructor(
    private readonly queues: JobQueues,
    private readonly audit: AuditTrail,
    private readonly findings: FindingsRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  /**
   * Which jobs the administrator may see: all of them for an administrator of a root unit;
   * otherwise only those about findings of units in their scope (the jobs' data names the
   * finding, and through it the unit, the rule and the officer).
   */
  private async scopeOf(principal: Principal): Promise<{ all: boolean; visible(jobs: Job[]): Promise<Job[]> }> {
    const { tree, units } = await this.org.snapshot();
    if (units.some((u) => u.unitId === principal.unitId && u.parentUnitId === undefined))
      return { all: true, visible: (jobs) => Promise.resolve(jobs) };
    return {
      all: false,
      visible: async (jobs) => {
        const unitOf = await this.findings.unitsOf(jobs.flatMap((j) => findingOf(j) ?? []));
        return jobs.filter((j) => {
          const unit = unitOf.get(findingOf(j) ?? '');
          return unit !== undefined && tree.inScope(principal.unitId, unit);
        });
      },
    };
  }

  @Get()
  @Api({
    summary: 'Background jobs',
    description:
      'Counts per queue and state, and the jobs in one state (failed ones with their reason and attempts). An administrator of an area office sees only the jobs about findings of their units, and counts of those only.',
    query: JobsQuery,
    response: { description: 'The jobs.', schema: JobList },
  })
  async list(
    @Principal() principal: Principal,
    @ValidQuery() q: JobsQuery,
  ): Promise<{ counts: Record<string, Record<string, number>>; state: string; items: JobView[] }> {
    const state = q.state ?? 'failed';
    const scope = await this.scopeOf(principal);
    const counts: Record<string, Record<string, number>> = {};
    const items: JobView[] = [];
    for (const queue of this.queues.all) {
      const listedHere = !q.queue || queue.name === q.queue;
      // A scoped administrator gets counts of what they may see only: the listed state.
      if (scope.all) counts[queue.name] = await queue.getJobCounts(...STATES);
      if (!listedHere) continue;
      const listed = await queue.getJobs([state], 0, q.limit - 1, false);
      // BullMQ's types say Job, but a job removed between listing and reading comes back undefined.
      const jobs = await scope.visible((listed as (Job | undefined)[]).filter((j): j is Job => j !== undefined));
      if (!scope.all) counts[queue.name] = { [state]: jobs.length };
      items.push(...jobs.map((j) => view(queue.name, j)));
    }
    return { counts, state, items: items.slice(0, q.limit) };
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @Api({
    summary: 'Retry a failed job',
    description: 'Audited.',
    params: { queue: 'The queue name.', id: 'The job id.' },
    response: { description: 'The job, queued again.', schema: JobSchema },
    errors: { 404: 'No such queue or failed job.' },
  })
  async retry(
    @Principal() principal: Principal,
    @Param('queue') queueName: string,
    @Param('id') id: string,
  ): Promise<JobView> {
    const queue = this.queues.byName(queueName);
    if (!queue) throw notFound(`queue ${queueName}`);
    const found = await queue.getJob(id);
    // A job outside the administrator's scope is answered as if it did not exist.
    const job = found && (await (await this.scopeOf(principal)).visible([found]))[0];
    if (!job || !(await job.isFailed())) throw notFound(`failed job ${id} in ${queueName}`);
    await job.retry('failed');
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${principal.sub}`,
      action: 'job.retried',
      subject: `job:${queueName}/${id}`,
      before: { failedReason: job.failedReason, attemptsMade: job.attemptsMade },
    });
    return view(queueName, (await queue.getJob(id)) ?? job);
  }
}
