import Holidays from 'date-holidays';
import { OFFICIAL_DAYS_OFF, type OfficialYear } from './official-days-off';

/**
 * Vietnam keeps one time zone, UTC+07:00, with no daylight saving: a business day is a
 * UTC+7 calendar day. Days are handled as integers (days since 1970-01-01 in UTC+7), which
 * keeps the arithmetic exact and the state small.
 */
export const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

export type Day = number;

export function dayOf(ms: number): Day {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** The first instant of a day in UTC+7, as epoch milliseconds. */
export function startOfDay(day: Day): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

export function dayFromIso(iso: string): Day {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoFromDay(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `iso` is a day of the calendar written YYYY-MM-DD (2025-02-30 and 2025-13-01 are not). */
export function isIsoDay(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const day = dayFromIso(iso);
  return Number.isFinite(day) && isoFromDay(day) === iso;
}

/** Formats an instant as RFC 3339 in Vietnam time, e.g. `2025-03-11T00:00:00+07:00`. */
export function toVnRfc3339(ms: number): string {
  return `${new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** 0 is Sunday, 6 Saturday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Working days and deadlines as DOMAIN.md counts them: counting starts the day after the
 * event; working days skip weekends and official days off; a deadline that falls on a day off
 * moves to the next working day.
 */
export class WorkingCalendar {
  private readonly official = new Map<number, { off: Set<Day>; working: Set<Day> }>();
  private readonly fallback = new Map<number, Set<Day>>();
  private readonly library = new Holidays('VN');
  /** Answers already worked out, per day (the rules ask about the same few hundred days over and over). */
  private readonly memo = new Map<Day, boolean>();

  constructor(years: OfficialYear[] = OFFICIAL_DAYS_OFF) {
    for (const y of years) this.setYear(y);
  }

  /** Adds or replaces one year's official table (administrators extend the calendar this way). */
  setYear(year: OfficialYear): void {
    this.official.set(year.year, {
      off: new Set(year.daysOff.map(dayFromIso)),
      working: new Set((year.workingDays ?? []).map(dayFromIso)),
    });
    this.memo.clear();
  }

  hasOfficialYear(year: number): boolean {
    return this.official.has(year);
  }

  isWorkingDay(day: Day): boolean {
    let answer = this.memo.get(day);
    if (answer === undefined) {
      answer = this.computeWorkingDay(day);
      this.memo.set(day, answer);
    }
    return answer;
  }

  private computeWorkingDay(day: Day): boolean {
    const year = Number(isoFromDay(day).slice(0, 4));
    const table = this.official.get(year);
    if (table?.working.has(day)) return true;
    const wd = weekday(day);
    if (wd === 0 || wd === 6) return false;
    if (table) return !table.off.has(day);
    return !this.fallbackDaysOff(year).has(day);
  }

  /** The day that is `n` working days after `day` (day 1 is the first working day after it). */
  addWorkingDays(day: Day, n: number): Day {
    let d = day;
    let left = n;
    while (left > 0) {
      d += 1;
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** The day `n` calendar days after `day`, moved to the next working day if it is a day off. */
  addDays(day: Day, n: number, rollToWorkingDay: boolean): Day {
    let d = day + n;
    if (rollToWorkingDay) while (!this.isWorkingDay(d)) d += 1;
    return d;
  }

  /**
   * A year without an official table: the library's public holidays, with Tết widened to the
   * five days the Labour Code gives (eve + four), and a holiday that falls on a weekend moved to
   * the next weekday, as the Labour Code says. Decreed bridges are unknown here.
   */
  private fallbackDaysOff(year: number): Set<Day> {
    const cached = this.fallback.get(year);
    if (cached) return cached;
    const off = new Set<Day>();
    const add = (d: Day) => {
      let x = d;
      while (off.has(x) || weekday(x) === 0 || weekday(x) === 6) x += 1;
      off.add(x);
    };
    const holidays = this.library.getHolidays(year).filter((h) => h.type === 'public');
    for (const h of holidays) {
      const d = dayFromIso(h.date.slice(0, 10));
      if (h.name.startsWith('Tết Nguyên Đán')) {
        for (let i = 1; i <= 3; i += 1) add(d + i);
      }
      add(d);
      if (h.name === 'Quốc khánh') add(d - 1);
    }
    this.fallback.set(year, off);
    return off;
  }
}
