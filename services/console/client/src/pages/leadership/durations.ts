/**
 * A workflow time (GET /api/insight/integrity, `timeTo`) as leadership reads it: in days, or in
 * hours under a day (a triage within the morning reads "3 hours", not "0.1 days"). Null stays
 * null: nothing was measured.
 */
export function durationShown(days: number | null): { n: number; unit: 'days' | 'hours' } | null {
  if (days === null || !Number.isFinite(days)) return null;
  return days < 1 ? { n: days * 24, unit: 'hours' } : { n: days, unit: 'days' };
}
