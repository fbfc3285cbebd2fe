// The insight service's own table, read here only to hold the dashboard's copy to it.
import * as insight from '../../../../../insight/src/reports/targets';
import { reportPeriod, yearPeriod } from './periods';
import { against, NATIONAL_TARGETS, targetOf } from './targets';

describe('national targets on the dashboard', () => {
  it('are the ones the insight service prints in its reports', () => {
    expect(NATIONAL_TARGETS).toEqual(insight.NATIONAL_TARGETS);
  });

  it('are those of the statistical year of the last day of the period', () => {
    expect(targetOf(yearPeriod(2025))).toEqual({ year: 2025, cases: 0.839, money: 0.519 });
    expect(targetOf(reportPeriod(2024, 6))).toEqual({ year: 2024, cases: 0.8325, money: 0.4645 });
    // 1 October 2024 to 30 September 2025 ends in 2025, however long it is.
    expect(targetOf({ from: '2023-05-01', to: '2025-10-01' })?.year).toBe(2025);
    expect(targetOf(yearPeriod(2026))).toBeUndefined();
  });

  it('says whether a rate reached its target, and nothing when either is missing', () => {
    expect(against(0.85, 0.839)).toBe('reached');
    expect(against(0.839, 0.839)).toBe('reached');
    expect(against(0.8, 0.839)).toBe('short');
    expect(against(null, 0.839)).toBe('none');
    expect(against(0.9, undefined)).toBe('none');
  });
});
