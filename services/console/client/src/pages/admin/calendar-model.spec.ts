import {
  addDay,
  dayKind,
  isEditable,
  monthGrid,
  removeDay,
  sameLists,
  weekdayOf,
  yearsOffered,
} from './calendar-model';

describe('the days-off calendar of the admin console', () => {
  it('lays a month out in Monday-first weeks', () => {
    // February 2026 starts on a Sunday and has 28 days.
    const weeks = monthGrid(2026, 2);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, 1]);
    expect(weeks.at(-1)).toEqual([23, 24, 25, 26, 27, 28, null]);
    expect(weeks.flat().filter((d) => d !== null)).toHaveLength(28);
    expect(
      monthGrid(2024, 2)
        .flat()
        .filter((d) => d !== null),
    ).toHaveLength(29);
  });

  it('tells days off, swapped working days, weekends and working days apart', () => {
    const lists = { daysOff: ['2026-02-16'], workingDays: ['2026-02-14'] };
    expect(['2026-02-16', '2026-02-14', '2026-02-15', '2026-02-13'].map((d) => dayKind(d, lists))).toEqual([
      'off',
      'swapped',
      'weekend',
      'working',
    ]);
    expect(weekdayOf('2026-02-15')).toBe(0);
  });

  it('adds a weekday as a day off and a weekend day as a working day, once, and removes either', () => {
    let lists = { daysOff: [], workingDays: [] } as { daysOff: string[]; workingDays: string[] };
    lists = addDay(addDay(addDay(lists, '2027-01-04'), '2027-01-02'), '2027-01-04');
    expect(lists).toEqual({ daysOff: ['2027-01-04'], workingDays: ['2027-01-02'] });
    expect(removeDay(lists, '2027-01-02')).toEqual({ daysOff: ['2027-01-04'], workingDays: [] });
    expect(sameLists(lists, { daysOff: ['2027-01-04'], workingDays: ['2027-01-02'] })).toBe(true);
    expect(sameLists(lists, { daysOff: [], workingDays: ['2027-01-02'] })).toBe(false);
  });

  it('lets only days after today change, and offers the years held and the next ones', () => {
    expect([isEditable('2026-06-15', '2026-06-15'), isEditable('2026-06-16', '2026-06-15')]).toEqual([false, true]);
    expect(yearsOffered([2024, 2025, 2026], 2026)).toEqual([2024, 2025, 2026, 2027, 2028]);
  });
});
