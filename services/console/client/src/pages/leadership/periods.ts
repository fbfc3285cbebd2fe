/**
 * The periods leadership reads figures for (DOMAIN.md, "Statistics that leadership reads"): the
 * statistical year runs from 1 October to 30 September and is named after the year it ends in
 * (1/10/2024–30/9/2025 is 2025); reports are made at 3, 6, 10 and 12 months from 1 October; and
 * the quarters and months of that year. A period is `[from, to)` in Vietnam days, as the insight
 * API takes it; people read it with its last day included. Pure, unit-tested.
 */

/** A period as the insight API takes it: first day included, `to` the day after the last. */
export interface Period {
  from: string;
  to: string;
}

export type PresetKind = 'year' | 'report' | 'quarter' | 'month';

export interface PeriodPreset extends Period {
  /** Stable key for the picker and the address: `year:2025`, `report:2025:6`, `quarter:2025:2`, `month:2025-03`. */
  key: string;
  kind: PresetKind;
  /** The statistical year the period belongs to. */
  year: number;
  /** Months of a report (3, 6, 10, 12), the quarter of the statistical year (1–4), or the calendar month (1–12). */
  n: number;
}

/** The reporting periods DOMAIN.md names, in months from 1 October. */
export const REPORT_MONTHS = [3, 6, 10, 12] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whether `day` is a real calendar day written YYYY-MM-DD. */
export function isDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

/** The first day of the month `months` after the month of `day` (`day` itself is a first of month). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${year}-${pad(month + 1)}-01`;
}

/** The day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The statistical year a day belongs to: 1/10/2024 – 30/9/2025 is 2025. */
export function statisticalYear(day: string): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** 1 October of the year before to 1 October of `year`. */
export function yearPeriod(year: number): PeriodPreset {
  return { key: `year:${year}`, kind: 'year', year, n: 12, from: `${year - 1}-10-01`, to: `${year}-10-01` };
}

/** The 3-, 6-, 10- or 12-month report of a statistical year: from 1 October, that many months. */
export function reportPeriod(year: number, months: number): PeriodPreset {
  const from = `${year - 1}-10-01`;
  return { key: `report:${year}:${months}`, kind: 'report', year, n: months, from, to: addMonths(from, months) };
}

/** Quarter 1–4 of a statistical year: quarter 1 is October to December of the year before. */
export function quarterPeriod(year: number, quarter: number): PeriodPreset {
  const from = addMonths(`${year - 1}-10-01`, (quarter - 1) * 3);
  return { key: `quarter:${year}:${quarter}`, kind: 'quarter', year, n: quarter, from, to: addMonths(from, 3) };
}

/** A calendar month, `YYYY-MM`. */
export function monthPeriod(month: string): PeriodPreset {
  const from = `${month}-01`;
  return {
    key: `month:${month}`,
    kind: 'month',
    year: statisticalYear(from),
    n: Number(month.slice(5, 7)),
    from,
    to: addMonths(from, 1),
  };
}

/** The preset a key names, or undefined when the key is not one. */
export function presetOf(key: string): PeriodPreset | undefined {
  const parts = key.split(':');
  const year = Number(parts[1]);
  const n = Number(parts[2]);
  switch (parts[0]) {
    case 'year':
      return parts.length === 2 && Number.isInteger(year) ? yearPeriod(year) : undefined;
    case 'report':
      return parts.length === 3 && Number.isInteger(year) && (REPORT_MONTHS as readonly number[]).includes(n)
        ? reportPeriod(year, n)
        : undefined;
    case 'quarter':
      return parts.length === 3 && Number.isInteger(year) && n >= 1 && n <= 4 && Number.isInteger(n)
        ? quarterPeriod(year, n)
        : undefined;
    case 'month':
      return parts.length === 2 && parts[1] !== undefined && isDay(`${parts[1]}-01`)
        ? monthPeriod(parts[1])
        : undefined;
    default:
      return undefined;
  }
}

export interface PresetGroup {
  year: number;
  presets: PeriodPreset[];
}

/**
 * The presets offered on `today`: for the current statistical year and the two before (the
 * national targets are set a year at a time, reports compare with the years before), the whole
 * year, its reports, quarters and months — the current year's only as far as they have begun (a
 * report still running is offered: its figures are what is known so far). `include` adds the
 * year of a period reached through the address, when it is older.
 */
export function presetGroups(today: string, include?: number, years = 3): PresetGroup[] {
  const current = statisticalYear(today);
  const list = Array.from({ length: years }, (_, i) => current - i);
  if (include !== undefined && include < current && !list.includes(include)) list.push(include);
  return list.map((year) => {
    const all = [
      yearPeriod(year),
      ...REPORT_MONTHS.filter((m) => m !== 12).map((m) => reportPeriod(year, m)),
      ...[1, 2, 3, 4].map((q) => quarterPeriod(year, q)),
      ...Array.from({ length: 12 }, (_, i) => monthPeriod(addMonths(`${year - 1}-10-01`, i).slice(0, 7))),
    ];
    return { year, presets: all.filter((p) => p.from <= today) };
  });
}

/**
 * The period the dashboard opens on: the latest reporting period (3, 6, 10 or 12 months) that
 * has ended by `today` — the figures leadership files — or, before the first report of the
 * year is due, the whole year before.
 */
export function defaultPeriod(today: string): PeriodPreset {
  const year = statisticalYear(today);
  const ended = REPORT_MONTHS.map((m) => reportPeriod(year, m)).filter((p) => p.to <= today);
  return ended.at(-1) ?? yearPeriod(year - 1);
}

/** The period in the address (`from`, `to`), checked: real days, `from` before `to`; else undefined. */
export function periodFromQuery(from: string | null, to: string | null): Period | undefined {
  if (!from || !to || !isDay(from) || !isDay(to) || from >= to) return undefined;
  return { from, to };
}

/** The preset whose period this is, if one is: the picker names it rather than showing dates. */
export function matchPreset(period: Period): PeriodPreset | undefined {
  const year = statisticalYear(period.from);
  const candidates = [
    yearPeriod(year),
    ...REPORT_MONTHS.map((m) => reportPeriod(year, m)),
    ...[1, 2, 3, 4].map((q) => quarterPeriod(year, q)),
    monthPeriod(period.from.slice(0, 7)),
  ];
  // A 12-month report is the statistical year itself: name it as the year.
  return candidates.find((p) => p.from === period.from && p.to === period.to);
}

/** The last day of a period (the day before `to`), as people write a period's end. */
export function lastDay(period: Period): string {
  return addDays(period.to, -1);
}

/** A range of days picked inclusively (first and last day) as the API's period. */
export function periodOfRange(first: string, last: string): Period {
  return { from: first, to: addDays(last, 1) };
}
