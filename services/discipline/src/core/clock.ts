import { dayOf, type Day } from '@thads/rules';

/**
 * The service's sense of "now": the day a step is taken on, the summons' five working days, the
 * deadlines' jobs. Production uses the system clock; tests pass one they move forward, so the
 * working-day rules can be exercised without waiting for them.
 */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };

/** Today in Vietnam. */
export function today(clock: Clock): Day {
  return dayOf(clock.now());
}
