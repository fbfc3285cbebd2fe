import type { Severity } from '@thads/contracts';
import { dayOf, startOfDay, type WorkingCalendar } from '@thads/rules';

/** Working days an inspection may take, by severity (issue 5 defaults; configurable). */
export const DEFAULT_SLA_WORKING_DAYS: Record<Severity, number> = { critical: 2, high: 5, medium: 10, low: 20 };

export interface SlaTimes {
  /** The end of the last working day allowed (the first instant after it). */
  dueAt: number;
  /** One working day before the due date, at the start of that day: the reminder. */
  remindAt: number;
}

/**
 * Due date of an inspection that started at `startedAt`: N working days, counted from the day
 * after (DOMAIN.md's counting), ending at midnight Vietnam time after the last day. The reminder
 * goes out at the start of the last working day. Weekends, Tết and the other official days off
 * are skipped by the calendar.
 */
export function slaTimes(
  severity: Severity,
  startedAt: number,
  calendar: WorkingCalendar,
  days: Record<Severity, number> = DEFAULT_SLA_WORKING_DAYS,
): SlaTimes {
  const n = days[severity];
  const lastDay = calendar.addWorkingDays(dayOf(startedAt), n);
  return { dueAt: startOfDay(lastDay + 1), remindAt: startOfDay(lastDay) };
}
