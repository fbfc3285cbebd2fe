/**
 * The statistics answer, a fixed public contract read by other systems: do not rename or
 * reshape. Counts are cases; money is VND; rates are fractions (0.839, not 83.9), `null` when
 * there is nothing to divide by.
 */
export interface Statistics {
  readonly carriedOver: number;
  readonly new: number;
  readonly handled: number;
  readonly toExecute: number;
  readonly able: number;
  readonly unable: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly carriedNext: number;
  readonly money: MoneyStatistics;
}

export interface MoneyStatistics {
  readonly toExecute: number;
  readonly able: number;
  readonly unable: number;
  readonly completed: number;
  readonly completionRate: number | null;
}

/** The figures that are counted; the others follow from them by definition. */
export interface CountedFigures {
  readonly carriedOver: number;
  readonly new: number;
  readonly handled: number;
  readonly toExecute: number;
  readonly unable: number;
  readonly completed: number;
  readonly money: { readonly toExecute: number; readonly unable: number; readonly completed: number };
}

export function statisticsOf(counted: CountedFigures): Statistics {
  const able = counted.toExecute - counted.unable;
  const moneyAble = counted.money.toExecute - counted.money.unable;
  return {
    carriedOver: counted.carriedOver,
    new: counted.new,
    handled: counted.handled,
    toExecute: counted.toExecute,
    able,
    unable: counted.unable,
    completed: counted.completed,
    completionRate: rate(counted.completed, able),
    carriedNext: counted.toExecute - counted.completed,
    money: {
      toExecute: counted.money.toExecute,
      able: moneyAble,
      unable: counted.money.unable,
      completed: counted.money.completed,
      completionRate: rate(counted.money.completed, moneyAble),
    },
  };
}

function rate(part: number, whole: number): number | null {
  if (whole === 0) return null;
  // Nothing completed over a negative denominator would be -0, which JSON prints as 0 anyway.
  return part === 0 ? 0 : part / whole;
}
