import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { InspectionTaskJob } from '@thads/contracts';
import { AuditTrail } from '@thads/audit';
import { OrgRepository } from '@thads/org';
import { CalendarView } from '@thads/calendar';
import { CLOCK, type Clock } from '../core/clock';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { UsersRepository } from '../identity/users.repository';
import { JobQueues } from '../core/job-queues';
import { NotificationsRepository, type NoticeKind } from '../notifications/notifications.repository';
import { SlaService } from './sla.service';
import { FindingsRepository, OPEN_STATUSES } from '../findings/findings.repository';
import type { WorkedFinding } from '../findings/finding';
import { slaTimes } from './sla';
import { chooseInspector, ineligibility, type Candidate } from './eligibility';

/** The assignment lock outlives no crashed holder by more than this; a choice takes milliseconds. */
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 20_000;

export type AssignOutcome =
  | { kind: 'assigned'; assignee: string }
  | { kind: 'joined'; inspectionId: string }
  | { kind: 'waiting'; reason: string }
  | { kind: 'skipped'; reason: string };

/**
 * Works the inspection queue, one job at a time (so load counts stay true): a finding on a case
 * or officer that already has an open inspection joins it; otherwise it opens an inspection and
 * goes to the least-loaded eligible inspector (eligibility.ts), with its SLA scheduled. When
 * nobody can take it the job waits and tries again later — it is never dropped.
 */
@Injectable()
export class AssignmentService {
  private readonly log = new Logger('Assignment');

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly queues: JobQueues,
    private readonly tasks: FindingsRepository,
    private readonly users: UsersRepository,
    private readonly sla: SlaService,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditTrail,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    private readonly calendar: CalendarView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async process(job: Job<InspectionTaskJob>, token?: string): Promise<AssignOutcome> {
    // Several service instances each run a worker: the choice (read loads, pick, write) is made
    // under one lock in Redis so that two of them never both give the last free slot.
    const outcome = await this.underLock(() => this.assign(job.data.findingId));
    if (outcome.kind === 'waiting') {
      await job.moveToDelayed(Date.now() + this.config.assignmentRetryMs, token);
      throw new DelayedError();
    }
    return outcome;
  }

  private async underLock<T>(work: () => Promise<T>): Promise<T> {
    const key = `${this.config.queuePrefix}:assignment-lock`;
    const token = randomBytes(12).toString('hex');
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await this.queues.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`assignment lock busy for ${LOCK_WAIT_MS} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      return await work();
    } finally {
      // Released only if still ours (it may have expired and been taken meanwhile).
      await this.queues.redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        1,
        key,
        token,
      );
    }
  }

  async assign(findingId: string): Promise<AssignOutcome> {
    const task = await this.tasks.find(findingId);
    // Retrying cannot make a finding appear: fail the job for good, with the reason.
    if (!task) throw new UnrecoverableError(`no inspection task for finding ${findingId}`);
    if (task.assignee) return { kind: 'skipped', reason: `already with ${task.assignee}` };
    if (task.inspectionId && !task.isLead)
      return { kind: 'skipped', reason: `already part of inspection ${task.inspectionId}` };
    if (!OPEN_STATUSES.includes(task.status)) return { kind: 'skipped', reason: `finding already ${task.status}` };
    const now = new Date(this.clock.now());

    if (!task.inspectionId) {
      const lead = await this.tasks.openInspectionFor(task);
      if (lead && (await this.tasks.join(findingId, lead, now))) {
        const why =
          lead.caseId && lead.caseId === task.caseId ? `case ${task.caseId}` : `officer ${task.officerId ?? ''}`;
        await this.audit.append({
          at: now.toISOString(),
          actor: 'system:assignment',
          action: 'inspection.joined',
          subject: `finding:${findingId}`,
          after: { inspectionId: lead.findingId, on: why, assignee: lead.assignee },
        });
        if (lead.assignee)
          await this.tell('inspection.joined', lead.assignee, findingId, now, {
            ruleId: task.ruleId,
            inspectionId: lead.findingId,
            on: why,
          });
        return { kind: 'joined', inspectionId: lead.findingId };
      }
    }

    const org = await this.org.snapshot();
    const choice = chooseInspector(
      { unitId: task.unitId, officerId: task.officerId },
      await this.candidates(),
      this.config.assignmentCap,
      org.tree,
      org.relations,
    );
    if (!choice.ok) {
      if (task.waitingReason !== choice.reason)
        this.log.warn(`finding ${findingId} waits for an inspector: ${choice.reason}`);
      await this.tasks.markWaiting(findingId, choice.reason);
      return { kind: 'waiting', reason: choice.reason };
    }
    const dueAt = await this.giveTo(task, choice.username, now);
    await this.audit.append({
      at: now.toISOString(),
      actor: 'system:assignment',
      action: 'inspection.assigned',
      subject: `finding:${task.findingId}`,
      after: { assignee: choice.username, dueAt: dueAt.toISOString() },
    });
    await this.tell('inspection.assigned', choice.username, task.findingId, now, {
      ruleId: task.ruleId,
      severity: task.severity,
      dueAt: dueAt.toISOString(),
    });
    return { kind: 'assigned', assignee: choice.username };
  }

  /**
   * A supervisor's reassignment: the new inspector must be eligible (the cap does not apply to a
   * deliberate choice); the SLA keeps its due date. Returns why not, or undefined when done.
   */
  async reassign(lead: WorkedFinding, to: string, reason: string, by: string): Promise<string | undefined> {
    const user = await this.users.get(to);
    if (!user || user.active === false || !user.roles.includes('inspector')) return `${to} is not an active inspector`;
    const org = await this.org.snapshot();
    const why = ineligibility(
      { username: user._id, unitId: user.unitId, officerId: user.officerId },
      { unitId: lead.unitId, officerId: lead.officerId },
      org.tree,
      org.relations,
    );
    if (why) return `${to} may not inspect this finding: ${why}`;
    const now = new Date(this.clock.now());
    await this.giveTo(lead, to, now);
    await this.audit.append({
      at: now.toISOString(),
      actor: `user:${by}`,
      action: 'inspection.reassigned',
      subject: `finding:${lead.findingId}`,
      before: { assignee: lead.assignee },
      after: { assignee: to, reason },
    });
    await this.tell('inspection.reassigned', to, lead.findingId, now, { ruleId: lead.ruleId, reason });
    return undefined;
  }

  /**
   * Gives the inspection led by `lead` to `assignee`. One without a due date (new, or waiting
   * until now) gets its SLA from `now`, with its reminder and escalation scheduled; one that had
   * a due date keeps it. Returns the due date.
   */
  private async giveTo(lead: WorkedFinding, assignee: string, now: Date): Promise<Date> {
    if (lead.dueAt) {
      await this.tasks.assign(lead.findingId, assignee, now);
      return lead.dueAt;
    }
    const times = slaTimes(lead.severity, now.getTime(), await this.calendar.calendar(), this.config.slaWorkingDays);
    await this.tasks.assign(lead.findingId, assignee, now, {
      remindAt: new Date(times.remindAt),
      dueAt: new Date(times.dueAt),
    });
    await this.sla.schedule(lead.findingId, times.remindAt, times.dueAt);
    return new Date(times.dueAt);
  }

  /** A notification (one per kind, finding and recipient). */
  private tell(
    kind: NoticeKind,
    to: string,
    findingId: string,
    at: Date,
    params: Record<string, string>,
  ): Promise<void> {
    return this.notifications.send([
      { _id: `${kind}:${findingId}:${to}`, to, kind, findingId, at, params: { findingId, ...params } },
    ]);
  }

  private async candidates(): Promise<Candidate[]> {
    const loads = await this.tasks.loads();
    return (await this.users.withRole('inspector')).map((u) => ({
      username: u._id,
      unitId: u.unitId,
      officerId: u.officerId,
      load: loads.get(u._id)?.load ?? 0,
      lastAssignedAt: loads.get(u._id)?.lastAssignedAt ?? 0,
    }));
  }
}
