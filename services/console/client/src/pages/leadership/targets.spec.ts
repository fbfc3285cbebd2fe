import { reportPeriod, yearPeriod } from './periods';
import { against, targetOf } from './targets';
import type { NationalTarget } from './types';

// As GET /api/insight/targets answers them.
const TARGETS: NationalTarget[] = [
  { year: 2024, from: '2023-10-01', to: '2024-10-01', cases: 0.8325, money: 0.4645 },
  { year: 2025, from: '2024-10-01', to: '2025-10-01', cases: 0.839, money: 0.519 },
];

describe('national targets on the dashboard', () => {
  it('are those the insight service gives for the statistical year of the last day of the period', () => {
    expect(targetOf(yearPeriod(2025), TARGETS)).toEqual({ year: 2025, cases: 0.839, money: 0.519 });
    expect(targetOf(reportPeriod(2024, 6), TARGETS)).toEqual({ year: 2024, cases: 0.8325, money: 0.4645 });
    // 1 October 2024 to 30 September 2025 ends in 2025, however long it is.
    expect(targetOf({ from: '2023-05-01', to: '2025-10-01' }, TARGETS)?.year).toBe(2025);
    expect(targetOf(yearPeriod(2026), TARGETS)).toBeUndefined();
    expect(targetOf(yearPeriod(2025), [])).toBeUndefined();
  });

  it('says whether a rate reached its target, and nothing when either is missing', () => {
    expect(against(0.85, 0.839)).toBe('reached');
    expect(against(0.839, 0.839)).toBe('reached');
    expect(against(0.8, 0.839)).toBe('short');
    expect(against(null, 0.839)).toBe('none');
    expect(against(0.9, undefined)).toBe('none');
  });
});
