import { Inject, Injectable, Logger } from '@nestjs/common';
import { CalendarView } from '@thads/calendar';
import { AppError } from '@thads/http';
import { OrgRepository, type OrgSnapshot } from '@thads/org';
import type { Day } from '@thads/rules';
import { AuditOnce, type PendingAudit } from '../core/audit-once';
import { CLOCK, today, type Clock } from '../core/clock';
import { DisciplineOutbox, type Announcement } from '../core/outbox';
import { DisciplineTimeLimits, type CouncilContext, type OfficerRecord, type Proceeding } from '../domain';
import { DeadlineScheduler } from './deadline-scheduler';
import type { ProceedingDoc } from './proceeding-record';
import { ProceedingsRepository } from './proceedings.repository';

/** What a step has to work with: the time, the limits on today's calendar, the registry now. */
export interface StepContext {
  now: number;
  today: Day;
  limits: DisciplineTimeLimits;
  org: OrgSnapshot;
  /** The registry as the council's checks take it, about this proceeding's subject. */
  council: CouncilContext;
}

/** What a step decided: the new domain state, its events, its audit entry, and any other change to the record. */
export interface StepOutcome {
  proceeding: Proceeding;
  /** The events, given the version the step creates (part of their ids) and the instant. */
  events(version: number, at: number): Announcement[];
  audit: { action: string; after?: Record<string, unknown> };
  changes?: Partial<Pick<ProceedingDoc, 'findings' | 'recusals' | 'submissions' | 'appeal'>>;
}

/**
 * The officers who worked any of the proceeding's findings or their inspections, as the
 * referrals named them (a referral published before `workedBy` existed names nobody).
 */
export function workedTheMatterOf(doc: Pick<ProceedingDoc, 'findings'>): string[] {
  return [...new Set(doc.findings.flatMap((f) => f.workedBy ?? []))].sort();
}

/** The audit entry of the step that made `version` of a proceeding: one id per step. */
export function stepEntryId(proceedingId: string, version: number): string {
  return `proceeding:${proceedingId}:v${version}`;
}

/** How many times a step is re-run on a fresh read when another step saved first. */
const ATTEMPTS = 3;

/**
 * Takes the steps of proceedings: read, decide (the caller's `run`, which checks who may act and
 * calls the domain), save under the version read, audit, announce, schedule the deadlines. The
 * step's events are saved in the proceeding's own document with the step and moved to the
 * outbox after, so a crash between the two cannot lose one (`flush`, and the relay at start).
 */
@Injectable()
export class ProceedingSteps {
  private readonly log = new Logger('Proceedings');

  constructor(
    private readonly proceedings: ProceedingsRepository,
    private readonly outbox: DisciplineOutbox,
    private readonly audit: AuditOnce,
    private readonly deadlines: DeadlineScheduler,
    private readonly calendar: CalendarView,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `workedTheMatter`: the officers who worked the proceeding's findings (`workedBy`), recused from the council. */
  async context(
    subjectId: string,
    subjectUnitId: string,
    workedTheMatter: readonly string[] = [],
  ): Promise<StepContext> {
    const now = this.clock.now();
    const [org, calendar] = await Promise.all([this.org.snapshot(), this.calendar.calendar()]);
    const officers: OfficerRecord[] = org.officers;
    const subject: OfficerRecord = org.officer(subjectId) ?? {
      officerId: subjectId,
      unitId: subjectUnitId,
      relatedPartyIds: [],
    };
    return {
      now,
      today: today(this.clock),
      limits: new DisciplineTimeLimits(calendar),
      org,
      council: { subject, officers, tree: org.tree, workedTheMatter },
    };
  }

  /**
   * Runs a step on the current version of a proceeding and saves it. `run` throws an `AppError`
   * to refuse (who may not act, what the domain refuses); it runs again on a fresh read if
   * another step was saved in between, and PROCEEDING_CHANGED answers after repeated races.
   */
  async apply(
    proceedingId: string,
    actor: string,
    run: (doc: ProceedingDoc, ctx: StepContext) => Promise<StepOutcome> | StepOutcome,
  ): Promise<ProceedingDoc> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const doc = await this.proceedings.get(proceedingId);
      if (!doc) throw new AppError('NOT_FOUND', { what: `proceeding ${proceedingId}` });
      const ctx = await this.context(doc.officerId, doc.unitId, workedTheMatterOf(doc));
      const outcome = await run(doc, ctx);
      const next = this.nextVersion(doc, outcome, actor, ctx.now);
      if (!(await this.proceedings.replace(next, doc.version))) continue;
      await this.flush(next);
      await this.schedule(next, ctx);
      return next;
    }
    throw new AppError('PROCEEDING_CHANGED');
  }

  /** A new proceeding (from a referral); false when it exists already (the referral came again). */
  async create(
    doc: Omit<ProceedingDoc, 'version' | 'pending' | 'unsent'>,
    events: (at: number) => Announcement[],
    actor: string,
    ctx: StepContext,
  ): Promise<boolean> {
    const opening: PendingAudit = {
      entryId: stepEntryId(doc._id, 1),
      entry: {
        at: new Date(ctx.now).toISOString(),
        actor,
        action: 'proceeding.opened',
        subject: `proceeding:${doc._id}`,
        after: {
          status: doc.status,
          officerId: doc.officerId,
          findingIds: doc.findings.map((f) => f.findingId),
          timeBarred: doc.proceeding.timeBarred.map((b) => b.findingId),
        },
      },
    };
    const created: ProceedingDoc = {
      ...doc,
      version: 1,
      pending: events(ctx.now),
      pendingAudit: [opening],
      unsent: true,
    };
    if (!(await this.proceedings.insert(created))) return false;
    await this.flush(created);
    await this.schedule(created, ctx);
    return true;
  }

  private nextVersion(doc: ProceedingDoc, outcome: StepOutcome, actor: string, now: number): ProceedingDoc {
    const version = doc.version + 1;
    const audit: PendingAudit = {
      entryId: stepEntryId(doc._id, version),
      entry: {
        at: new Date(now).toISOString(),
        actor,
        action: outcome.audit.action,
        subject: `proceeding:${doc._id}`,
        before: { status: doc.status, version: doc.version },
        after: { status: outcome.proceeding.status, version, ...outcome.audit.after },
      },
    };
    return {
      ...doc,
      ...outcome.changes,
      version,
      status: outcome.proceeding.status,
      proceeding: outcome.proceeding,
      updatedAt: new Date(now).toISOString(),
      // Events of an earlier step still waiting for the outbox stay, ahead of this step's.
      pending: [...doc.pending, ...outcome.events(version, now)],
      pendingAudit: [...(doc.pendingAudit ?? []), audit],
      unsent: true,
    };
  }

  /**
   * The step is saved whatever happens here: a Redis outage costs its reminders until the next
   * step schedules them again, not the step (the jobs' fixed ids make that repetition harmless).
   */
  private async schedule(doc: ProceedingDoc, ctx: StepContext): Promise<void> {
    try {
      await this.deadlines.schedule(doc.proceeding, ctx.limits);
    } catch (err) {
      this.log.warn(`deadlines of ${doc._id} not scheduled: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Appends a saved version's audit entries to the chain and moves its events into the outbox
   * (which publishes them), then forgets both. A failure leaves them in the document for the
   * relay; doing either twice is harmless (an audit entry's id is in the chain already; the
   * outbox keys events by id, consumers drop a repeated one).
   */
  async flush(doc: ProceedingDoc): Promise<void> {
    const audit = doc.pendingAudit ?? [];
    if (doc.pending.length === 0 && audit.length === 0) return;
    try {
      for (const entry of audit) await this.audit.append(entry);
      if (doc.pending.length > 0) await this.outbox.send(doc.pending);
      await this.proceedings.clearPending(doc._id, doc.version);
    } catch (err) {
      this.log.warn(
        `events of ${doc._id} v${doc.version} wait for the relay: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
