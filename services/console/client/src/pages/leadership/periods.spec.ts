import {
  addMonths,
  defaultPeriod,
  isDay,
  lastDay,
  matchPreset,
  monthPeriod,
  periodFromQuery,
  periodOfRange,
  presetGroups,
  presetOf,
  quarterPeriod,
  reportPeriod,
  statisticalYear,
  yearPeriod,
} from './periods';

describe('leadership periods', () => {
  it('names the statistical year after the year it ends in: 1 October to 30 September', () => {
    expect(statisticalYear('2024-09-30')).toBe(2024);
    expect(statisticalYear('2024-10-01')).toBe(2025);
    expect(statisticalYear('2025-09-30')).toBe(2025);
    expect(yearPeriod(2025)).toMatchObject({ from: '2024-10-01', to: '2025-10-01' });
    expect(lastDay(yearPeriod(2025))).toBe('2025-09-30');
  });

  it('makes the 3-, 6-, 10- and 12-month reports from 1 October', () => {
    expect(reportPeriod(2025, 3)).toMatchObject({ from: '2024-10-01', to: '2025-01-01' });
    expect(reportPeriod(2025, 6)).toMatchObject({ from: '2024-10-01', to: '2025-04-01' });
    expect(reportPeriod(2025, 10)).toMatchObject({ from: '2024-10-01', to: '2025-08-01' });
    expect(reportPeriod(2025, 12)).toMatchObject({ from: '2024-10-01', to: '2025-10-01' });
    expect(lastDay(reportPeriod(2025, 10))).toBe('2025-07-31');
  });

  it('counts quarters within the statistical year: quarter 1 is October to December', () => {
    expect(quarterPeriod(2025, 1)).toMatchObject({ from: '2024-10-01', to: '2025-01-01' });
    expect(quarterPeriod(2025, 2)).toMatchObject({ from: '2025-01-01', to: '2025-04-01' });
    expect(quarterPeriod(2025, 4)).toMatchObject({ from: '2025-07-01', to: '2025-10-01' });
  });

  it('ends a month on its last day, February of a leap year included', () => {
    expect(monthPeriod('2024-02')).toMatchObject({ from: '2024-02-01', to: '2024-03-01', year: 2024 });
    expect(lastDay(monthPeriod('2024-02'))).toBe('2024-02-29');
    expect(monthPeriod('2024-12')).toMatchObject({ to: '2025-01-01', year: 2025 });
    expect(addMonths('2024-11-01', 14)).toBe('2026-01-01');
    expect(addMonths('2024-03-01', -4)).toBe('2023-11-01');
  });

  it('reads presets back from their keys and refuses keys that are not one', () => {
    for (const p of [yearPeriod(2025), reportPeriod(2026, 6), quarterPeriod(2025, 3), monthPeriod('2025-11')])
      expect(presetOf(p.key)).toEqual(p);
    for (const bad of [
      'year:x',
      'report:2025:5',
      'quarter:2025:0',
      'quarter:2025:5',
      'month:2025-13',
      'week:2025:1',
      '',
    ])
      expect(presetOf(bad)).toBeUndefined();
  });

  it('offers the current year as far as it has begun, and the two whole years before', () => {
    const [current, previous, older, ...rest] = presetGroups('2026-12-02');
    expect(current!.year).toBe(2027);
    expect(current!.presets.map((p) => p.key)).toEqual([
      'year:2027',
      'report:2027:3',
      'report:2027:6',
      'report:2027:10',
      'quarter:2027:1',
      'month:2026-10',
      'month:2026-11',
      'month:2026-12',
    ]);
    expect([previous!.year, older!.year]).toEqual([2026, 2025]);
    expect(previous!.presets).toHaveLength(1 + 3 + 4 + 12);
    expect(rest).toEqual([]);
  });

  it('adds the year of an older period reached through the address, once', () => {
    expect(presetGroups('2026-12-02', 2022).map((g) => g.year)).toEqual([2027, 2026, 2025, 2022]);
    expect(presetGroups('2026-12-02', 2025).map((g) => g.year)).toEqual([2027, 2026, 2025]);
    expect(presetGroups('2026-12-02', 2028).map((g) => g.year)).toEqual([2027, 2026, 2025]);
  });

  it('opens on the latest report that has ended, or the year before while none has', () => {
    expect(defaultPeriod('2026-12-02')).toMatchObject({ key: 'year:2026', from: '2025-10-01', to: '2026-10-01' });
    expect(defaultPeriod('2026-01-01')).toMatchObject({ key: 'report:2026:3' });
    expect(defaultPeriod('2026-05-15')).toMatchObject({ key: 'report:2026:6' });
    expect(defaultPeriod('2026-08-01')).toMatchObject({ key: 'report:2026:10' });
  });

  it('names a period that is a preset, and leaves a custom one unnamed', () => {
    expect(matchPreset({ from: '2024-10-01', to: '2025-10-01' })?.key).toBe('year:2025');
    expect(matchPreset({ from: '2024-10-01', to: '2025-04-01' })?.key).toBe('report:2025:6');
    expect(matchPreset({ from: '2025-01-01', to: '2025-04-01' })?.key).toBe('quarter:2025:2');
    expect(matchPreset({ from: '2025-03-01', to: '2025-04-01' })?.key).toBe('month:2025-03');
    expect(matchPreset({ from: '2025-03-02', to: '2025-04-01' })).toBeUndefined();
  });

  it('takes a period from the address only when it is two real days in order', () => {
    expect(periodFromQuery('2025-10-01', '2026-01-01')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(periodFromQuery('2025-02-30', '2026-01-01')).toBeUndefined();
    expect(periodFromQuery('2026-01-01', '2026-01-01')).toBeUndefined();
    expect(periodFromQuery(null, '2026-01-01')).toBeUndefined();
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(periodOfRange('2025-10-01', '2025-12-31')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
  });
});
