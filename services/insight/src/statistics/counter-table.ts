import type { CounterQuery, CounterReader } from './answer';
import { cellId, type Contribution, type CounterKey } from './contributions';

/**
 * The counters in memory: unit → key → cell (day, and the earlier day for a pair key) → value.
 * It is what the store keeps, without the store: the tests apply contributions to it and read
 * statistics from it, and it defines what a store-backed reader must answer.
 */
export class CounterTable implements CounterReader {
  private readonly units = new Map<string, Map<CounterKey, Map<string, Contribution>>>();

  apply(contributions: readonly Contribution[]): void {
    for (const c of contributions) {
      const keys = this.units.get(c.unitId) ?? new Map<CounterKey, Map<string, Contribution>>();
      this.units.set(c.unitId, keys);
      const cells = keys.get(c.key) ?? new Map<string, Contribution>();
      keys.set(c.key, cells);
      const id = cellId(c);
      const value = (cells.get(id)?.value ?? 0) + c.value;
      // A cell that nets to zero is removed, so two tables holding the same sums list the same cells.
      if (value === 0) cells.delete(id);
      else cells.set(id, { ...c, value });
    }
  }

  sum(unitIds: readonly string[], query: CounterQuery): number {
    let total = 0;
    for (const unitId of new Set(unitIds)) {
      for (const cell of this.units.get(unitId)?.get(query.key)?.values() ?? []) {
        const inRange = (query.from === undefined || cell.day >= query.from) && cell.day < query.to;
        const pairFits = query.kind === 'days' || (cell.earlierDay !== undefined && cell.earlierDay < query.from);
        if (inRange && pairFits) total += cell.value;
      }
    }
    return total;
  }

  sums(unitIds: readonly string[], queries: readonly CounterQuery[]): Promise<readonly number[]> {
    return Promise.resolve(queries.map((q) => this.sum(unitIds, q)));
  }

  /** Every non-zero cell, in a stable order. */
  cells(): Contribution[] {
    return [...this.units.values()]
      .flatMap((keys) => [...keys.values()].flatMap((cells) => [...cells.entries()]))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, c]) => c);
  }
}
