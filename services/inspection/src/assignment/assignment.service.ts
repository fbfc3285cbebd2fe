import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { Queues, type InspectionTaskJob } from '@thads/contracts';
import { WorkingCalendar } from '@thads/rules';
import { AuditRepository } from '../audit/audit.repository';
import { CLOCK, type Clock } from '../clock';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { UsersRepository } from '../identity/users.repository';
import { JobQueues, logFailure } from '../jobs/job-queues';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { SlaService } from '../sla/sla.service';
import { OPEN_STATUSES, TaskRepository } from '../tasks/task.repository';
import type { InspectionTask } from '../tasks/task.schema';
import { slaTimes } from '../workflow/sla';
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
  private readonly calendar = new WorkingCalendar();

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly queues: JobQueues,
    private readonly tasks: TaskRepository,
    private readonly users: UsersRepository,
    private readonly sla: SlaService,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  startWorker(): void {
    const worker = this.queues.startWorker<InspectionTaskJob>(Queues.Inspection, (job, token) => this.process(job, token));
    worker.on('failed', (job, err) => logFailure(this.log, `assignment of ${job?.data.findingId ?? '?'}`, job, err));
    worker.on('error', (err) => this.log.error(`assignment worker: ${err.message}`));
  }

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
      await this.queues.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, token);
    }
  }

  async assign(findingId: string): Promise<AssignOutcome> {
    const task = await this.tasks.find(findingId);
    if (!task) throw new Error(`no inspection task for finding ${findingId}`);
    if (task.assignee) return { kind: 'skipped', reason: `already with ${task.assignee}` };
    if (task.inspectionId && !task.isLead) return { kind: 'skipped', reason: `already part of inspection ${task.inspectionId}` };
    if (!OPEN_STATUSES.includes(task.findingStatus)) return { kind: 'skipped', reason: `finding already ${task.findingStatus}` };
    const now = new Date(this.clock.now());

    if (!task.inspectionId) {
      const lead = await this.tasks.openInspectionFor(task);
      if (lead && (await this.tasks.join(findingId, lead, now))) {
        const why = lead.caseId && lead.caseId === task.caseId ? `case ${task.caseId}` : `officer ${task.officerId ?? ''}`;
        await this.audit.append({ at: now.toISOString(), actor: 'system:assignment', action: 'inspection.joined', subject: `finding:${findingId}`, after: { inspectionId: lead._id, on: why, assignee: lead.assignee } });
        if (lead.assignee) await this.tell(lead.assignee, findingId, now, `Finding ${findingId} (${task.ruleId}) joined your inspection ${lead._id} (same ${why})`);
        return { kind: 'joined', inspectionId: lead._id };
      }
    }

    const choice = chooseInspector({ unitId: task.unitId, officerId: task.officerId ?? undefined }, await this.candidates(), this.config.assignmentCap, await this.tasks.unitParents(), await this.tasks.relations());
    if (!choice.ok) {
      if (task.waitingReason !== choice.reason) this.log.warn(`finding ${findingId} waits for an inspector: ${choice.reason}`);
      await this.tasks.markWaiting(findingId, choice.reason);
      return { kind: 'waiting', reason: choice.reason };
    }
    const dueAt = await this.giveTo(task, choice.username, now);
    await this.audit.append({ at: now.toISOString(), actor: 'system:assignment', action: 'inspection.assigned', subject: `finding:${task._id}`, after: { assignee: choice.username, dueAt: dueAt.toISOString() } });
    await this.tell(choice.username, task._id, now, `Finding ${task._id} (${task.ruleId}, ${task.severity}) is yours to inspect, due ${dueAt.toISOString()}`);
    return { kind: 'assigned', assignee: choice.username };
  }

  /**
   * A supervisor's reassignment: the new inspector must be eligible (the cap does not apply to a
   * deliberate choice); the SLA keeps its due date. Returns why not, or undefined when done.
   */
  async reassign(lead: InspectionTask, to: string, reason: string, by: string): Promise<string | undefined> {
    const user = await this.users.get(to);
    if (!user || user.active === false || !user.roles.includes('inspector')) return `${to} is not an active inspector`;
    const why = ineligibility({ username: user._id, unitId: user.unitId, officerId: user.officerId }, { unitId: lead.unitId, officerId: lead.officerId ?? undefined }, await this.tasks.unitParents(), await this.tasks.relations());
    if (why) return `${to} may not inspect this finding: ${why}`;
    const now = new Date(this.clock.now());
    await this.giveTo(lead, to, now);
    await this.audit.append({ at: now.toISOString(), actor: `user:${by}`, action: 'inspection.reassigned', subject: `finding:${lead._id}`, before: { assignee: lead.assignee }, after: { assignee: to, reason } });
    await this.tell(to, lead._id, now, `Inspection ${lead._id} (${lead.ruleId}) was reassigned to you: ${reason}`);
    return undefined;
  }

  /**
   * Gives the inspection led by `lead` to `assignee`. One without a due date (new, or waiting
   * until now) gets its SLA from `now`, with its reminder and escalation scheduled; one that had
   * a due date keeps it. Returns the due date.
   */
  private async giveTo(lead: InspectionTask, assignee: string, now: Date): Promise<Date> {
    if (lead.dueAt) {
      await this.tasks.assign(lead._id, assignee, now);
      return lead.dueAt;
    }
    const times = slaTimes(lead.severity, now.getTime(), this.calendar, this.config.slaWorkingDays);
    await this.tasks.assign(lead._id, assignee, now, { remindAt: new Date(times.remindAt), dueAt: new Date(times.dueAt) });
    await this.sla.schedule(lead._id, times.remindAt, times.dueAt);
    return new Date(times.dueAt);
  }

  /** A new-assignment notification (one per finding and recipient). */
  private tell(to: string, findingId: string, at: Date, text: string): Promise<void> {
    return this.notifications.send([{ _id: `inspection.assigned:${findingId}:${to}`, to, kind: 'inspection.assigned', findingId, at, text }]);
  }

  private async candidates(): Promise<Candidate[]> {
    const loads = await this.tasks.loads();
    return (await this.users.withRole('inspector')).map((u) => ({
      username: u._id, unitId: u.unitId, officerId: u.officerId, load: loads.get(u._id)?.load ?? 0, lastAssignedAt: loads.get(u._id)?.lastAssignedAt ?? 0,
    }));
  }
}
