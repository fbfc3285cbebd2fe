import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { JobNames, type DisciplineDeadlineJob } from '@thads/contracts';
import type { OrgSnapshot } from '@thads/org';
import { isoFromDay } from '@thads/rules';
import { AuditOnce } from '../core/audit-once';
import { CLOCK, type Clock } from '../core/clock';
import { DisciplineOutbox } from '../core/outbox';
import { appealAuthority, dueSteps, MANAGERIAL_ROLES, transition, type StepName } from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { IntakeService } from '../proceedings/intake.service';
import { authorityUnitOf } from '../proceedings/proceeding-access';
import type { ProceedingDoc } from '../proceedings/proceeding-record';
import { ProceedingSteps, workedTheMatterOf } from '../proceedings/proceeding-steps.service';
import { ProceedingsRepository } from '../proceedings/proceedings.repository';
import { RemindersRepository } from './reminders.repository';

/** Who owns a step, and so is reminded of it: the authority's leaders, the chair, the subject or the reviewer. */
export function ownersOf(step: StepName, doc: ProceedingDoc, org: OrgSnapshot): string[] {
  const p = doc.proceeding;
  switch (step) {
    case 'hold_meeting':
    case 'recommend':
      return p.council?.chair ? [p.council.chair] : [];
    case 'appeal_period':
      return [doc.officerId];
    case 'resolve_appeal': {
      if (p.appeal?.reviewerId) return [p.appeal.reviewerId];
      // No reviewer designated yet: the leaders of the appeal authority, who designate one.
      const subject = org.officer(doc.officerId);
      const authority = subject
        ? appealAuthority({ subject, officers: org.officers, tree: org.tree, workedTheMatter: [] })
        : undefined;
      return authority?.ok ? leadersOf(authority.unitId, doc, org) : [];
    }
    case 'form_council':
    case 'decide_after_recommendation':
    case 'decide':
      return leadersOf(authorityUnitOf(doc, org), doc, org);
  }
}

function leadersOf(unitId: string, doc: ProceedingDoc, org: OrgSnapshot): string[] {
  return org.officers
    .filter((o) => o.unitId === unitId && MANAGERIAL_ROLES.includes(o.role ?? '') && o.officerId !== doc.officerId)
    .map((o) => o.officerId)
    .sort();
}

/**
 * The deadline jobs (DeadlineScheduler): a reminder to whoever owns the step on the last working
 * day before it, and, once the due day has passed without the step, `proceeding.overdue` on the
 * topic. When the time to decide itself runs out the proceeding can no longer end in discipline:
 * it is closed (`proceeding.closed`). A job acts only once the service's clock has reached its
 * instant — one that runs early puts itself back — and only while its step still runs with the
 * same due day; each acts at most once in effect (fixed ids for what it writes).
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly proceedings: ProceedingsRepository,
    private readonly steps: ProceedingSteps,
    private readonly reminders: RemindersRepository,
    private readonly outbox: DisciplineOutbox,
    private readonly audit: AuditOnce,
    private readonly intake: IntakeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async process(job: Job<DisciplineDeadlineJob>, token?: string): Promise<string> {
    const now = this.clock.now();
    if (now < job.data.at) {
      await job.moveToDelayed(Date.now() + (job.data.at - now), token);
      throw new DelayedError();
    }
    const { proceedingId, step, dueOn } = job.data;
    const doc = await this.proceedings.get(proceedingId);
    // Retrying cannot make a proceeding appear: fail the job for good, with the reason.
    if (!doc) throw new UnrecoverableError(`no proceeding ${proceedingId}`);
    const ctx = await this.steps.context(doc.officerId, doc.unitId, workedTheMatterOf(doc));
    const running = dueSteps(doc.proceeding, ctx.limits).find((s) => s.step === step && isoFromDay(s.dueOn) === dueOn);
    if (!running) return `${step} due ${dueOn} no longer runs (${doc.status})`;
    const at = new Date(now);
    if (job.name === JobNames.DisciplineReminder) {
      const to = ownersOf(running.step, doc, ctx.org);
      // Stored once (its id); false when an earlier run stored it already.
      await this.reminders.add({
        _id: `${proceedingId}:${step}:${dueOn}`,
        to,
        proceedingId,
        step,
        dueOn,
        at,
      });
      // Recorded on every run, once in effect: a retry after a failed append (the reminder
      // stored already this time) still records it.
      await this.audit.append({
        entryId: `reminded:${proceedingId}:${step}:${dueOn}`,
        entry: {
          at: at.toISOString(),
          actor: 'system:deadlines',
          action: 'deadline.reminded',
          subject: `proceeding:${proceedingId}`,
          after: { step, dueOn, to },
        },
      });
      return `reminded ${to.join(', ') || 'nobody'} of ${step} due ${dueOn}`;
    }
    // The appeal period passing without an appeal is no lateness: the decision simply stands.
    if (running.step === 'appeal_period') return `the appeal period ended on ${dueOn}: the decision stands`;
    const about = { proceedingId, officerId: doc.officerId, unitId: doc.unitId };
    const overdue = disciplineEvent('proceeding.overdue', about, `${step}:${dueOn}`, now, { step, dueOn });
    if (running.step === 'decide') {
      // The time to decide ran out: the proceeding is closed, and says so with the overdue step.
      const closed = await this.steps.apply(proceedingId, 'system:deadlines', (d, c) => {
        const t = transition(
          d.proceeding,
          { to: 'closed_time_barred', on: c.today },
          { limits: c.limits, org: c.council },
        );
        if (!t.ok) throw new UnrecoverableError(`cannot close ${proceedingId}: ${t.refusal.code}`);
        return {
          proceeding: t.proceeding,
          events: (version, when) => [
            overdue,
            disciplineEvent('proceeding.closed', about, `v${version}`, when, {
              closedOn: isoFromDay(c.today),
              reason: 'time_to_decide_passed',
            }),
          ],
          audit: { action: 'proceeding.closed', after: { reason: 'time_to_decide_passed', dueOn } },
        };
      });
      await this.intake.releaseHeld(closed.officerId, closed.unitId);
      return `closed: the time to decide ran out on ${dueOn}`;
    }
    // Announced on every run that gets this far (a retry repeats the same event id, which consumers drop).
    await this.outbox.send([overdue]);
    // Once in effect, however often the job is retried.
    await this.audit.append({
      entryId: `overdue:${proceedingId}:${step}:${dueOn}`,
      entry: {
        at: at.toISOString(),
        actor: 'system:deadlines',
        action: 'deadline.overdue',
        subject: `proceeding:${proceedingId}`,
        after: { step, dueOn },
      },
    });
    return `${step} overdue since ${dueOn}`;
  }
}
