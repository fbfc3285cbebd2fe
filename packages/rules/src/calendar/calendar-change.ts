import { WorkingCalendar, dayFromIso, isIsoDay, isoFromDay, weekday, type Day } from './calendar';
import type { OfficialYear } from './official-days-off';

/** Why a year's table is refused: each becomes an HTTP answer naming the field. */
export type YearRefusal =
  | { kind: 'invalid'; field: string; reason: string }
  | { kind: 'day-passed'; field: 'daysOff' | 'workingDays'; day: string; earliest: string };

export type YearProposal = { ok: true; year: OfficialYear } | { ok: false; refusal: YearRefusal };

/**
 * A year's official days off as an administrator replaces them, checked against the calendar the
 * detector counts with now (`stored`: the years it holds; other years come from the holiday
 * library). `today` is the current day in Vietnam.
 *
 * Days off are weekdays (the weekend is off anyway) and swapped working days are Saturdays or
 * Sundays, each listed once, within the year. No day up to today may change between working
 * day and day off: deadlines already counted across it (decision deadlines, inspection SLAs,
 * discipline time limits) would then depend on when each service read the calendar. Later days
 * may change; deadlines computed from then on count them.
 */
export function proposeYear(stored: readonly OfficialYear[], proposed: OfficialYear, today: Day): YearProposal {
  const invalid = (field: string, reason: string): YearProposal => ({
    ok: false,
    refusal: { kind: 'invalid', field, reason },
  });
  const lists = { daysOff: proposed.daysOff, workingDays: proposed.workingDays ?? [] };
  const seen = new Map<string, 'daysOff' | 'workingDays'>();
  for (const field of ['daysOff', 'workingDays'] as const) {
    for (const iso of lists[field]) {
      if (!isIsoDay(iso)) return invalid(field, `${iso} is not a day of the calendar`);
      const day = dayFromIso(iso);
      if (iso.slice(0, 4) !== String(proposed.year)) return invalid(field, `${iso} is not in ${proposed.year}`);
      const other = seen.get(iso);
      if (other === field) return invalid(field, `${iso} is listed twice`);
      if (other) return invalid(field, `${iso} is also in ${other}`);
      seen.set(iso, field);
      const weekend = weekday(day) === 0 || weekday(day) === 6;
      if (field === 'daysOff' && weekend)
        return invalid(field, `${iso} is a Saturday or Sunday, off anyway: list only weekdays off work`);
      if (field === 'workingDays' && !weekend)
        return invalid(
          field,
          `${iso} is a weekday, a working day anyway: list only Saturdays or Sundays made working days`,
        );
    }
  }
  const year: OfficialYear = {
    year: proposed.year,
    daysOff: [...lists.daysOff].sort(),
    ...(lists.workingDays.length ? { workingDays: [...lists.workingDays].sort() } : {}),
    source: proposed.source,
  };
  const changed = changedDays(stored, year).find((d) => d <= today);
  if (changed !== undefined) {
    const iso = isoFromDay(changed);
    const weekend = weekday(changed) === 0 || weekday(changed) === 6;
    return {
      ok: false,
      refusal: {
        kind: 'day-passed',
        field: weekend ? 'workingDays' : 'daysOff',
        day: iso,
        earliest: isoFromDay(today + 1),
      },
    };
  }
  return { ok: true, year };
}

/** The days of `year.year` that are a working day in one calendar and a day off in the other, in order. */
export function changedDays(stored: readonly OfficialYear[], year: OfficialYear): Day[] {
  const before = new WorkingCalendar([...stored]);
  const after = new WorkingCalendar([...stored.filter((y) => y.year !== year.year), year]);
  const out: Day[] = [];
  for (let d = dayFromIso(`${year.year}-01-01`); d <= dayFromIso(`${year.year}-12-31`); d += 1)
    if (before.isWorkingDay(d) !== after.isWorkingDay(d)) out.push(d);
  return out;
}

/**
 * A year as the detector counts it now: the weekdays that are days off and the weekend days that
 * are working days, whether the year has an official table (`stored`) or falls back to the
 * holiday library. What an administrator starts from when entering a year's table.
 */
export function yearAsCounted(
  stored: readonly OfficialYear[],
  year: number,
): { daysOff: string[]; workingDays: string[] } {
  const calendar = new WorkingCalendar([...stored]);
  const daysOff: string[] = [];
  const workingDays: string[] = [];
  for (let d = dayFromIso(`${year}-01-01`); d <= dayFromIso(`${year}-12-31`); d += 1) {
    const weekend = weekday(d) === 0 || weekday(d) === 6;
    if (!weekend && !calendar.isWorkingDay(d)) daysOff.push(isoFromDay(d));
    if (weekend && calendar.isWorkingDay(d)) workingDays.push(isoFromDay(d));
  }
  return { daysOff, workingDays };
}
