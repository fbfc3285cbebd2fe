import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { JobNames, Queues, slaJobId, type SlaJob } from '@thads/contracts';
import { AuditRepository } from '../audit/audit.repository';
import { CLOCK, type Clock } from '../clock';
import { inScope } from '../identity/access';
import { UsersRepository } from '../identity/users.repository';
import { JobQueues, logFailure } from '../jobs/job-queues';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { OPEN_STATUSES, TaskRepository } from '../tasks/task.repository';

/** SLA jobs are retried with backoff when the store or Redis fails; after that they stay visible as failed. */
const RETRY = { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } } as const;

/**
 * Reminders before an inspection's due date and escalation to the supervisors after it, as
 * delayed BullMQ jobs: they live in Redis, so a restart loses none. A job acts only once the
 * service's clock has reached its instant — one that runs early (promoted, clock skew) puts
 * itself back — and only while the inspection is still open; each acts at most once.
 */
@Injectable()
export class SlaService {
  private readonly log = new Logger('Sla');

  constructor(
    private readonly queues: JobQueues,
    private readonly tasks: TaskRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Schedules the reminder and the escalation of an inspection (a second call changes nothing: fixed job ids). */
  async schedule(findingId: string, remindAt: number, dueAt: number): Promise<void> {
    const now = this.clock.now();
    await this.queues.sla.addBulk([
      { name: JobNames.SlaReminder, data: { v: 1, findingId, at: remindAt }, opts: { jobId: slaJobId('remind', findingId), delay: Math.max(0, remindAt - now), ...RETRY, removeOnComplete: false, removeOnFail: false } },
      { name: JobNames.SlaEscalation, data: { v: 1, findingId, at: dueAt }, opts: { jobId: slaJobId('escalate', findingId), delay: Math.max(0, dueAt - now), ...RETRY, removeOnComplete: false, removeOnFail: false } },
    ]);
  }

  startWorker(): void {
    const worker = this.queues.startWorker<SlaJob>(Queues.Sla, (job, token) => this.process(job, token));
    worker.on('failed', (job, err) => logFailure(this.log, `${job?.name ?? 'job'} ${job?.id ?? ''}`, job, err));
    worker.on('error', (err) => this.log.error(`SLA worker: ${err.message}`));
  }

  async process(job: Job<SlaJob>, token?: string): Promise<string> {
    const now = this.clock.now();
    if (now < job.data.at) {
      await job.moveToDelayed(Date.now() + (job.data.at - now), token);
      throw new DelayedError();
    }
    const id = job.data.findingId;
    const task = await this.tasks.find(id);
    if (!task) throw new Error(`no inspection task for finding ${id}`);
    if (!OPEN_STATUSES.includes(task.findingStatus)) return `finding already ${task.findingStatus}`;
    const at = new Date(now);
    if (job.name === JobNames.SlaReminder) {
      if (!task.assignee) return 'no inspector to remind';
      await this.notifications.send([{ _id: `sla.reminder:${id}:${task.assignee}`, to: task.assignee, kind: 'sla.reminder', findingId: id, at, text: `Inspection of finding ${id} (${task.ruleId}) is due ${task.dueAt?.toISOString() ?? ''}` }]);
      if (await this.tasks.markOnce(id, 'remindedAt', at)) {
        await this.audit.append({ at: at.toISOString(), actor: 'system:sla', action: 'inspection.reminded', subject: `finding:${id}`, after: { to: task.assignee, dueAt: task.dueAt?.toISOString() } });
      }
      return `reminded ${task.assignee}`;
    }
    const parents = await this.tasks.unitParents();
    const supervisors = (await this.users.withRole('inspection_supervisor')).filter((u) => inScope(u, task.unitId, parents)).map((u) => u._id);
    if (supervisors.length === 0) throw new Error(`no inspection supervisor can see unit ${task.unitId}`);
    await this.notifications.send(supervisors.map((s) => ({
      _id: `sla.escalation:${id}:${s}`, to: s, kind: 'sla.escalation' as const, findingId: id, at,
      text: `Inspection of finding ${id} (${task.ruleId}, ${task.severity}) is past its due date ${task.dueAt?.toISOString() ?? ''}; inspector: ${task.assignee ?? 'none'}`,
    })));
    if (await this.tasks.markOnce(id, 'escalatedAt', at)) {
      this.log.warn(`finding ${id} is past its due date: escalated to ${supervisors.join(', ')}`);
      await this.audit.append({ at: at.toISOString(), actor: 'system:sla', action: 'inspection.escalated', subject: `finding:${id}`, after: { to: supervisors, assignee: task.assignee, dueAt: task.dueAt?.toISOString() } });
    }
    return `escalated to ${supervisors.join(', ')}`;
  }
}
