/**
 * National completion-rate targets (DOMAIN.md, "Statistics that leadership reads"), per
 * statistical year (1 October of the year before to 30 September), as fractions. A year not
 * listed has no target set yet: reports say so rather than compare with a guess.
 */
export const NATIONAL_TARGETS: Readonly<Record<number, { cases: number; money: number }>> = {
  2023: { cases: 0.825, money: 0.455 },
  2024: { cases: 0.8325, money: 0.4645 },
  2025: { cases: 0.839, money: 0.519 },
};

/** The statistical year a day belongs to: 1 October 2024 – 30 September 2025 is 2025. */
export function statisticalYear(iso: string): number {
  const year = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** One year's target as the API serves it. */
export interface NationalTarget {
  year: number;
  from: string;
  to: string;
  cases: number;
  money: number;
}

/** Every year with a target, oldest first, with its days ([from, to)). */
export function nationalTargets(): NationalTarget[] {
  return Object.entries(NATIONAL_TARGETS)
    .map(([y, t]) => ({ year: Number(y), from: `${Number(y) - 1}-10-01`, to: `${y}-10-01`, ...t }))
    .sort((a, b) => a.year - b.year);
}
