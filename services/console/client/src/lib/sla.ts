import { vietnamDay } from './format';

export type SlaState =
  | { kind: 'none' }
  | { kind: 'left'; workingDays: number }
  | { kind: 'today' }
  | { kind: 'overdue'; workingDays: number };

function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Working days from `from` (exclusive) to `to` (inclusive), Saturdays, Sundays and the given
 * days off skipped; negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, daysOff: ReadonlySet<string> = new Set()): number {
  if (from === to) return 0;
  const [a, b, sign] = from < to ? [from, to, 1] : [to, from, -1];
  let n = 0;
  for (let d = nextDay(a); d <= b; d = nextDay(d)) {
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6 && !daysOff.has(d)) n += 1;
  }
  return n * sign;
}

/**
 * How an inspection stands against its due date, in working days as the SLA counts them (the
 * official days off come from the service's calendar when it sends them).
 */
export function slaState(dueAt: string | undefined, now: Date, daysOff?: ReadonlySet<string>): SlaState {
  if (!dueAt) return { kind: 'none' };
  const today = vietnamDay(now);
  const due = vietnamDay(dueAt);
  if (today === due) return { kind: 'today' };
  const n = workingDaysBetween(today, due, daysOff);
  if (due > today) return n === 0 ? { kind: 'today' } : { kind: 'left', workingDays: n };
  return { kind: 'overdue', workingDays: Math.max(1, -n) };
}
