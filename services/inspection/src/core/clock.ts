/**
 * The service's sense of "now" for due dates, reminders and escalations. Production uses the
 * system clock; tests pass one they can move forward.
 */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
