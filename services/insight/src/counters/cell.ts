import type { VnDay } from '../statistics/period';

/**
 * An additive delta to one counter cell of one unit: the one currency of the statistics and the
 * integrity metrics. Every figure is a sum of cells over units and days, so when a folded record
 * changes, the difference of its cells is added and the counters stay what the current records
 * contribute, whatever the order of the events.
 */
export interface Cell {
  readonly unitId: string;
  readonly key: string;
  readonly day: VnDay;
  /** For a pair key only: the earlier day of the pair, always before `day`. */
  readonly earlierDay?: VnDay;
  /** The key's further dimensions, in a fixed order per key (a rule and a severity, an officer). */
  readonly dims?: readonly string[];
  readonly value: number;
}

/** Identifies the counter a cell adds to (everything but the value). */
export function cellId(c: Omit<Cell, 'value'>): string {
  return JSON.stringify([c.unitId, c.key, c.day, c.earlierDay ?? null, ...(c.dims ?? [])]);
}

/** Cells summed per counter, zeros dropped, in a stable order. */
export class CellSum<C extends Cell> {
  private readonly cells = new Map<string, C>();

  add(c: C): void {
    const id = cellId(c);
    const value = (this.cells.get(id)?.value ?? 0) + c.value;
    this.cells.set(id, { ...c, value });
  }

  list(): C[] {
    return [...this.cells.entries()]
      .filter(([, c]) => c.value !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, c]) => c);
  }
}

/** `after − before`, netted per counter: what to add to the counters when a record changes. */
export function diffCells<C extends Cell>(before: readonly C[], after: readonly C[]): C[] {
  const out = new CellSum<C>();
  for (const c of after) out.add(c);
  for (const c of before) out.add({ ...c, value: -c.value });
  return out.list();
}

/** `<unitId>|<YYYY-MM>`: the unit × month a cell is stored under for the API. */
export type MonthKey = `${string}|${string}`;
export const monthKey = (unitId: string, day: VnDay): MonthKey => `${unitId}|${day.slice(0, 7)}`;

/**
 * The counter cells of one partition, grouped by unit × month as `insight_counters` and
 * `insight_integrity_counters` store them. A cell that nets to zero is removed, so two
 * partitions holding the same sums list the same cells.
 */
export class MonthCells<C extends Cell> {
  private readonly months = new Map<MonthKey, Map<string, C>>();

  /** Adds a delta; returns the month it landed in. */
  add(delta: C): MonthKey {
    const key = monthKey(delta.unitId, delta.day);
    const cells = this.months.get(key) ?? new Map<string, C>();
    this.months.set(key, cells);
    const id = cellId(delta);
    const value = (cells.get(id)?.value ?? 0) + delta.value;
    if (value === 0) cells.delete(id);
    else cells.set(id, { ...delta, value });
    return key;
  }

  /** Replaces a month's cells (loading a checkpoint). */
  set(key: MonthKey, cells: readonly C[]): void {
    this.months.set(key, new Map(cells.map((c) => [cellId(c), c])));
  }

  cellsOf(key: MonthKey): C[] {
    return [...(this.months.get(key)?.values() ?? [])];
  }

  keys(): MonthKey[] {
    return [...this.months.keys()];
  }
}
