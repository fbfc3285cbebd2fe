import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { schemaErrorReason } from './limits';
import { rawParser, type Parsed } from './typed-events';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/**
 * One year of official days off on `integrity.calendar.v1` (key: the year): the calendar every
 * service counts working days on (decision deadlines, inspection SLAs, discipline time limits).
 * The detector publishes the years it holds (the table shipped with the code, extended by
 * administrators in its store) each time it starts; services keep the latest per year.
 */
export const CalendarYearMessage = Type.Object({
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
  /** Weekdays off work (the weekend is not listed). */
  daysOff: Type.Array(Day, { maxItems: 366 }),
  /** Saturdays or Sundays made working days by a swap decree. */
  workingDays: Type.Optional(Type.Array(Day, { maxItems: 366 })),
  /** The decree or notice the dates come from. */
  source: Type.String({ maxLength: 1000 }),
});
export type CalendarYearMessage = Static<typeof CalendarYearMessage>;

const checker = TypeCompiler.Compile(CalendarYearMessage);
export const isCalendarYearMessage = (value: unknown): value is CalendarYearMessage => checker.Check(value);

/** A raw `integrity.calendar.v1` value, read within the limits of our own topics and checked. */
export const readCalendarYearMessage = rawParser((value): Parsed<CalendarYearMessage> => {
  if (checker.Check(value)) return { ok: true, event: value };
  const first = checker.Errors(value).First();
  return { ok: false, reason: first ? schemaErrorReason(first) : 'not a valid calendar year' };
});
