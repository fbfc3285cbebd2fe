import { isRealDate } from '@thads/contracts';

/**
 * A calendar day in Vietnam time, `YYYY-MM-DD`. Vietnam keeps UTC+07:00 all year (no daylight
 * saving), so a day is a fixed 24-hour span. Strings rather than day numbers because they are
 * what the store keys documents by, they order chronologically, and a month roll-up is a prefix.
 */
export type VnDay = string;

/** A statistical period `[from, to)`: from `from` 00:00 +07:00 up to, not including, `to` 00:00 +07:00. */
export interface Period {
  readonly from: VnDay;
  readonly to: VnDay;
}

const VN_OFFSET_MS = 7 * 3_600_000;

export function vnDayOf(ms: number): VnDay {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of a Vietnam day, as epoch milliseconds. */
export function vnDayStart(day: VnDay): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

/** Checks the two days of a request; a RangeError says what is wrong with them. */
export function parsePeriod(from: string, to: string): Period {
  if (!isRealDate(from)) throw new RangeError(`from must be a day YYYY-MM-DD, got "${from}"`);
  if (!isRealDate(to)) throw new RangeError(`to must be a day YYYY-MM-DD, got "${to}"`);
  if (from >= to) throw new RangeError(`the period [${from}, ${to}) is empty: from must be before to`);
  return { from, to };
}

/** The day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: VnDay, n: number): VnDay {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
