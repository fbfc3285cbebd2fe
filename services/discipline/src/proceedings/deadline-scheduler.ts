import { Inject, Injectable } from '@nestjs/common';
import { JobNames, disciplineJobId } from '@thads/contracts';
import { isoFromDay, startOfDay } from '@thads/rules';
import { JobQueues } from '../core/job-queues';
import { CLOCK, type Clock } from '../core/clock';
import { dueSteps, type DisciplineTimeLimits, type Proceeding } from '../domain';

/** Deadline jobs are retried with backoff when the store or Redis fails; after that they stay visible as failed. */
const RETRY = { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } } as const;

/**
 * Schedules, for every time limit running in a proceeding's state (`dueSteps`), a reminder on
 * the last working day before it (08:00) and an overdue report once the due day has passed, as
 * delayed BullMQ jobs on the working-day calendar. Job ids carry the proceeding, the step and the
 * due day: scheduling after every step adds only what is new, and a deadline that moved
 * (extension, exclusion) gets jobs of its own while the old ones find their step moot.
 */
@Injectable()
export class DeadlineScheduler {
  constructor(
    private readonly queues: JobQueues,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async schedule(p: Proceeding, limits: DisciplineTimeLimits): Promise<void> {
    const now = this.clock.now();
    const jobs = dueSteps(p, limits).flatMap((s) => {
      const dueOn = isoFromDay(s.dueOn);
      const remindAt = limits.reminderAt(s.dueOn);
      const overdueAt = startOfDay(s.dueOn + 1);
      const base = { v: 1 as const, proceedingId: p.proceedingId, step: s.step, dueOn };
      return [
        {
          name: JobNames.DisciplineReminder,
          data: { ...base, at: remindAt },
          opts: {
            jobId: disciplineJobId('remind', p.proceedingId, s.step, dueOn),
            delay: Math.max(0, remindAt - now),
            ...RETRY,
            removeOnComplete: false,
            removeOnFail: false,
          },
        },
        {
          name: JobNames.DisciplineOverdue,
          data: { ...base, at: overdueAt },
          opts: {
            jobId: disciplineJobId('overdue', p.proceedingId, s.step, dueOn),
            delay: Math.max(0, overdueAt - now),
            ...RETRY,
            removeOnComplete: false,
            removeOnFail: false,
          },
        },
      ];
    });
    if (jobs.length > 0) await this.queues.deadlines.addBulk(jobs);
  }
}
