import { dayFromIso, isoFromDay } from './calendar';
import { changedDays, proposeYear, yearAsCounted, type YearProposal } from './calendar-change';
import { OFFICIAL_DAYS_OFF, type OfficialYear } from './official-days-off';

const y2026 = OFFICIAL_DAYS_OFF.find((y) => y.year === 2026)!;
const with2026 = (change: Partial<OfficialYear>): OfficialYear => ({ ...y2026, ...change });

function refusalOf(p: YearProposal) {
  if (p.ok) throw new Error('expected a refusal');
  return p.refusal;
}

describe("an administrator replacing a year's official days off", () => {
  const today = dayFromIso('2026-06-15');

  it('accepts a day off added after today and returns the lists sorted', () => {
    const p = proposeYear(OFFICIAL_DAYS_OFF, with2026({ daysOff: ['2026-12-31', ...y2026.daysOff] }), today);
    expect(p.ok && p.year.daysOff.at(-1)).toBe('2026-12-31');
    expect(p.ok && p.year.daysOff).toEqual([...y2026.daysOff, '2026-12-31'].sort());
  });

  it('refuses to change a day up to today, in either list, and names the earliest day that may change', () => {
    // 2026-06-15 itself is a Monday: today counts as judged.
    expect(
      refusalOf(proposeYear(OFFICIAL_DAYS_OFF, with2026({ daysOff: [...y2026.daysOff, '2026-06-15'] }), today)),
    ).toEqual({
      kind: 'day-passed',
      field: 'daysOff',
      day: '2026-06-15',
      earliest: '2026-06-16',
    });
    const first = y2026.daysOff[0]!;
    expect(
      refusalOf(proposeYear(OFFICIAL_DAYS_OFF, with2026({ daysOff: y2026.daysOff.slice(1) }), today)),
    ).toMatchObject({
      kind: 'day-passed',
      day: first,
    });
    expect(
      refusalOf(
        proposeYear(OFFICIAL_DAYS_OFF, with2026({ workingDays: [...(y2026.workingDays ?? []), '2026-03-07'] }), today),
      ),
    ).toMatchObject({ kind: 'day-passed', field: 'workingDays', day: '2026-03-07' });
  });

  it('lets the source text change without touching any day', () => {
    expect(proposeYear(OFFICIAL_DAYS_OFF, with2026({ source: 'Quyết định mới' }), today).ok).toBe(true);
  });

  it('compares a year not held yet with what the holiday library gives for it', () => {
    const stored = OFFICIAL_DAYS_OFF.filter((y) => y.year !== 2026);
    // Taken as the library has it, nothing changes; with New Year's Day left out, a past day does.
    const library = changedDays(stored, { year: 2026, daysOff: [], source: 's' }).map(isoFromDay);
    expect(library).toContain('2026-01-01');
    const asLibrary: OfficialYear = { year: 2026, daysOff: library, source: 's' };
    expect(changedDays(stored, asLibrary)).toEqual([]);
    expect(refusalOf(proposeYear(stored, { year: 2026, daysOff: library.slice(1), source: 's' }, today))).toMatchObject(
      {
        kind: 'day-passed',
        day: '2026-01-01',
      },
    );
  });

  it('refuses days of another year, weekends as days off, weekdays as working days, and repeats', () => {
    const ask = (change: Partial<OfficialYear>) =>
      refusalOf(proposeYear(OFFICIAL_DAYS_OFF, with2026(change), dayFromIso('2025-01-01')));
    expect(ask({ daysOff: ['2027-01-01'] })).toEqual({
      kind: 'invalid',
      field: 'daysOff',
      reason: '2027-01-01 is not in 2026',
    });
    expect(ask({ daysOff: ['2026-02-30'] })).toMatchObject({
      field: 'daysOff',
      reason: '2026-02-30 is not a day of the calendar',
    });
    expect(ask({ daysOff: ['2026-03-07'] })).toMatchObject({ field: 'daysOff' }); // a Saturday
    expect(ask({ workingDays: ['2026-03-09'] })).toMatchObject({ field: 'workingDays' }); // a Monday
    expect(ask({ daysOff: ['2026-03-09', '2026-03-09'] })).toMatchObject({ reason: '2026-03-09 is listed twice' });
  });

  it('gives a year as it is counted: its table when held, else the holiday library, Tết included', () => {
    expect(yearAsCounted(OFFICIAL_DAYS_OFF, 2026)).toEqual({ daysOff: y2026.daysOff, workingDays: [] });
    const y2024 = OFFICIAL_DAYS_OFF.find((y) => y.year === 2024)!;
    expect(yearAsCounted(OFFICIAL_DAYS_OFF, 2024)).toEqual({ daysOff: y2024.daysOff, workingDays: y2024.workingDays });
    const library = yearAsCounted(OFFICIAL_DAYS_OFF, 2031);
    expect(library.daysOff).toEqual(expect.arrayContaining(['2031-01-01', '2031-09-02']));
    expect(
      library.daysOff.filter((d) => d.startsWith('2031-01-2') || d.startsWith('2031-01-3')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(changedDays(OFFICIAL_DAYS_OFF, { year: 2031, ...library, source: 's' })).toEqual([]);
  });
});
