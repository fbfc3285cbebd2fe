import { WorkingCalendar, dayFromIso, isoFromDay, dayOf, startOfDay, toVnRfc3339 } from './calendar';

const cal = new WorkingCalendar();
const plusWd = (iso: string, n: number) => isoFromDay(cal.addWorkingDays(dayFromIso(iso), n));
const plusDays = (iso: string, n: number) => isoFromDay(cal.addDays(dayFromIso(iso), n, true));

describe('WorkingCalendar', () => {
  it('counts five working days from a Monday to the next Monday', () => {
    expect(plusWd('2025-03-03', 5)).toBe('2025-03-10');
  });

  it('skips the weekend when counting from a Thursday', () => {
    expect(plusWd('2025-03-06', 5)).toBe('2025-03-13');
  });

  it('skips the whole of Tết Ất Tỵ 2025 (27–31 January)', () => {
    // Received Thursday 23 Jan 2025: 24 Jan is day 1, then Tết and two weekends, 3–6 Feb are days 2–5.
    expect(plusWd('2025-01-23', 5)).toBe('2025-02-06');
  });

  it('skips Tết Bính Ngọ 2026 (16–20 February)', () => {
    // Thu 12 Feb: Fri 13 is day 1; Tết and two weekends; 23–26 Feb are days 2–5.
    expect(plusWd('2026-02-12', 5)).toBe('2026-02-26');
  });

  it('treats a decreed make-up Saturday as a working day', () => {
    expect(cal.isWorkingDay(dayFromIso('2025-04-26'))).toBe(true);
    expect(cal.isWorkingDay(dayFromIso('2025-05-02'))).toBe(false);
  });

  it('moves a calendar-day deadline that falls on a Saturday to Monday', () => {
    // 10 days after Wed 5 March 2025 is Sat 15 March.
    expect(plusDays('2025-03-05', 10)).toBe('2025-03-17');
    expect(isoFromDay(cal.addDays(dayFromIso('2025-03-05'), 10, false))).toBe('2025-03-15');
  });

  it('falls back to the holiday library for a year without a table, with five days of Tết', () => {
    // Tết Đinh Mùi 2027: the lunar new year is Saturday 6 February 2027.
    expect(cal.hasOfficialYear(2027)).toBe(false);
    const off = ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'];
    for (const d of off) expect([d, cal.isWorkingDay(dayFromIso(d))]).toEqual([d, false]);
    expect(cal.isWorkingDay(dayFromIso('2027-02-04'))).toBe(true);
    expect(cal.isWorkingDay(dayFromIso('2027-09-02'))).toBe(false);
  });

  it('lets an administrator add a year table that overrides the fallback', () => {
    const custom = new WorkingCalendar([{ year: 2027, daysOff: ['2027-03-03'], source: 'test' }]);
    expect(custom.isWorkingDay(dayFromIso('2027-03-03'))).toBe(false);
    expect(custom.isWorkingDay(dayFromIso('2027-02-09'))).toBe(true);
  });

  it('takes business days in Vietnam time (UTC+7)', () => {
    // 23:30 UTC on 2 March is already 06:30 on 3 March in Vietnam.
    expect(isoFromDay(dayOf(Date.parse('2025-03-02T23:30:00Z')))).toBe('2025-03-03');
    expect(toVnRfc3339(startOfDay(dayFromIso('2025-03-11')))).toBe('2025-03-11T00:00:00+07:00');
  });
});
