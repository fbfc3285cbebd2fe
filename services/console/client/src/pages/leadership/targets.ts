import { lastDay, statisticalYear, type Period } from './periods';

/**
 * National completion-rate targets per statistical year (DOMAIN.md, "Statistics that leadership
 * reads"), as fractions. The insight service keeps the same table for its reports
 * (services/insight/src/reports/targets.ts) but its statistics answer does not carry the target,
 * so the dashboard keeps a copy; targets.spec.ts fails when the two differ. A year not listed has
 * no target set yet: the dashboard says so rather than compare with a guess.
 */
export const NATIONAL_TARGETS: Readonly<Record<number, { cases: number; money: number }>> = {
  2023: { cases: 0.825, money: 0.455 },
  2024: { cases: 0.8325, money: 0.4645 },
  2025: { cases: 0.839, money: 0.519 },
};

/** The target a period is measured against: that of the statistical year of its last day, as the reports do. */
export function targetOf(period: Period): { year: number; cases: number; money: number } | undefined {
  const year = statisticalYear(lastDay(period));
  const target = NATIONAL_TARGETS[year];
  return target ? { year, ...target } : undefined;
}

/** How a rate stands against its target: reached, short of it, or not comparable (no rate or no target). */
export function against(rate: number | null, target: number | undefined): 'reached' | 'short' | 'none' {
  if (rate === null || target === undefined) return 'none';
  return rate >= target ? 'reached' : 'short';
}
