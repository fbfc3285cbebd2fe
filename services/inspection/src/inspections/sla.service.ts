import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { JobNames, slaJobId, type SlaJob } from '@thads/contracts';
import { AuditTrail } from '@thads/audit';
import { OrgRepository } from '@thads/org';
import { CLOCK, type Clock } from '../core/clock';
import { UsersRepository } from '../identity/users.repository';
import { JobQueues } from '../core/job-queues';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { FindingsRepository, OPEN_STATUSES } from '../findings/findings.repository';
import { inspectionAnnouncement } from '../findings/announcements';
import { InspectionOutbox } from '../core/outbox';

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
  constructor(
    private readonly queues: JobQueues,
    private readonly tasks: FindingsRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: InspectionOutbox,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Schedules the reminder and the escalation of an inspection (a second call changes nothing: fixed job ids). */
  async schedule(findingId: string, remindAt: number, dueAt: number): Promise<void> {
    const now = this.clock.now();
    await this.queues.sla.addBulk([
      {
        name: JobNames.SlaReminder,
        data: { v: 1, findingId, at: remindAt },
        opts: {
          jobId: slaJobId('remind', findingId),
          delay: Math.max(0, remindAt - now),
          ...RETRY,
          removeOnComplete: false,
          removeOnFail: false,
        },
      },
      {
        name: JobNames.SlaEscalation,
        data: { v: 1, findingId, at: dueAt },
        opts: {
          jobId: slaJobId('escalate', findingId),
          delay: Math.max(0, dueAt - now),
          ...RETRY,
          removeOnComplete: false,
          removeOnFail: false,
        },
      },
    ]);
  }

  async process(job: Job<SlaJob>, token?: string): Promise<string> {
    const now = this.clock.now();
    if (now < job.data.at) {
      await job.moveToDelayed(Date.now() + (job.data.at - now), token);
      throw new DelayedError();
    }
    const id = job.data.findingId;
    const task = await this.tasks.find(id);
    // Retrying cannot make a finding appear: fail the job for good, with the reason.
    if (!task) throw new UnrecoverableError(`no inspection task for finding ${id}`);
    if (!OPEN_STATUSES.includes(task.status)) return `finding already ${task.status}`;
    const at = new Date(now);
    if (job.name === JobNames.SlaReminder) {
      if (!task.assignee) return 'no inspector to remind';
      await this.notifications.send([
        {
          _id: `sla.reminder:${id}:${task.assignee}`,
          to: task.assignee,
          kind: 'sla.reminder',
          findingId: id,
          at,
          params: { findingId: id, ruleId: task.ruleId, dueAt: task.dueAt?.toISOString() ?? '' },
        },
      ]);
      if (await this.tasks.markOnce(id, 'remindedAt', at)) {
        await this.audit.append({
          at: at.toISOString(),
          actor: 'system:sla',
          action: 'inspection.reminded',
          subject: `finding:${id}`,
          after: { to: task.assignee, dueAt: task.dueAt?.toISOString() },
        });
      }
      return `reminded ${task.assignee}`;
    }
    const { tree } = await this.org.snapshot();
    const supervisors = (await this.users.withRole('inspection_supervisor'))
      .filter((u) => tree.inScope(u.unitId, task.unitId))
      .map((u) => u._id);
    if (supervisors.length === 0) throw new Error(`no inspection supervisor can see unit ${task.unitId}`);
    await this.notifications.send(
      supervisors.map((s) => ({
        _id: `sla.escalation:${id}:${s}`,
        to: s,
        kind: 'sla.escalation' as const,
        findingId: id,
        at,
        params: {
          findingId: id,
          ruleId: task.ruleId,
          severity: task.severity,
          dueAt: task.dueAt?.toISOString() ?? '',
          assignee: task.assignee ?? '—',
        },
      })),
    );
    if (await this.tasks.markOnce(id, 'escalatedAt', at)) {
      await this.audit.append({
        at: at.toISOString(),
        actor: 'system:sla',
        action: 'inspection.escalated',
        subject: `finding:${id}`,
        after: { to: supervisors, assignee: task.assignee, dueAt: task.dueAt?.toISOString() },
      });
    }
    // Announced on every run that gets this far (a retry after a failure below repeats the same
    // event id, which consumers drop), so a breach is never lost between the mark and the send.
    if (task.dueAt)
      await this.outbox.send([
        inspectionAnnouncement('inspection.sla_breached', task, 'due', at, {
          dueAt: task.dueAt.toISOString(),
          ...(task.assignee ? { assignee: task.assignee } : {}),
        }),
      ]);
    return `escalated to ${supervisors.join(', ')}`;
  }
}
