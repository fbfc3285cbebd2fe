/**
 * The official-days-off page's arithmetic: a year's months as Monday-first weeks, what each day
 * is, and the lists sent back to the detector. Days are `YYYY-MM-DD` strings (they compare in
 * calendar order). Pure, unit-tested.
 */

export type DayKind = 'off' | 'swapped' | 'weekend' | 'working';

export interface YearLists {
  daysOff: string[];
  workingDays: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 0 is Sunday, 6 Saturday (the calendar's own weekday, whatever the browser's time zone). */
export function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const w = weekdayOf(iso);
  return w === 0 || w === 6;
}

/** The weeks of a month (1–12), Monday first, as days of the month; `null` pads the first and last week. */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (weekdayOf(isoDay(year, month, 1)) + 6) % 7; // Monday = 0
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** What a day is in a year's table: a day off, a Saturday or Sunday made a working day, the weekend, a working day. */
export function dayKind(iso: string, lists: YearLists): DayKind {
  if (lists.daysOff.includes(iso)) return 'off';
  if (lists.workingDays.includes(iso)) return 'swapped';
  return isWeekend(iso) ? 'weekend' : 'working';
}

/** Only days after today may change: deadlines were already counted with the others. */
export function isEditable(iso: string, today: string): boolean {
  return iso > today;
}

/** Adds a day: a weekday becomes a day off, a Saturday or Sunday a working day (the detector expects each so). */
export function addDay(lists: YearLists, iso: string): YearLists {
  const key = isWeekend(iso) ? 'workingDays' : 'daysOff';
  if (lists[key].includes(iso)) return lists;
  return { ...lists, [key]: [...lists[key], iso].sort() };
}

export function removeDay(lists: YearLists, iso: string): YearLists {
  return { daysOff: lists.daysOff.filter((d) => d !== iso), workingDays: lists.workingDays.filter((d) => d !== iso) };
}

/** Whether two tables list the same days. */
export function sameLists(a: YearLists, b: YearLists): boolean {
  const same = (x: string[], y: string[]) =>
    x.length === y.length && [...x].sort().every((d, i) => d === [...y].sort()[i]);
  return same(a.daysOff, b.daysOff) && same(a.workingDays, b.workingDays);
}

/** The years to offer: those held, and this year and the next two (a table is entered before its year starts). */
export function yearsOffered(held: readonly number[], thisYear: number): number[] {
  return [...new Set([...held, thisYear, thisYear + 1, thisYear + 2])].sort((a, b) => a - b);
}
