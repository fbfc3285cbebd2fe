import { MonthCells, diffCells, type Cell, type MonthKey } from './cell';

/**
 * What the checkpoint log stores for a partition: its folded records, and the counter cells of
 * each unit × month. (Checkpoints written before the integrity metrics tagged case records
 * `k: 'case'`; anything with a `record` loads as one.)
 */
export type StoredItem<R, C extends Cell> = { k: 'record'; record: R } | { k: 'month'; key: MonthKey; cells: C[] };

/** The records a batch changed (by key) and the unit × months whose counters moved. */
export interface Changes {
  readonly records: ReadonlySet<string>;
  readonly months: ReadonlySet<MonthKey>;
}

/** Read and replace records while folding one event (the partition notes what changed). */
export interface RecordAccess<R> {
  get(key: string): R | undefined;
  set(key: string, record: R): void;
}

/**
 * The state of one input partition: records folded from its events, and the counter cells they
 * add up to. No I/O: the ingest loads it from the checkpoint log, feeds it batches and writes
 * back what changed.
 *
 * A subclass says how an event changes records (`fold`, through `RecordAccess`, which may touch
 * several records: a discipline decision confirms findings) and what a record contributes
 * (`contributions`). Folds must be commutative and idempotent — the same events in any order,
 * any of them twice, give the same records — and return the very same object when nothing
 * changes. After each batch, every changed record's contributions move from its old version to
 * its new one, so the cells are always what the current records contribute.
 */
export abstract class FoldedPartition<R, E, C extends Cell> {
  private readonly records = new Map<string, R>();
  private readonly months = new MonthCells<C>();

  /** The record's key in this partition (also its key in the checkpoint log). */
  protected abstract keyOf(record: R): string;

  protected abstract contributions(record: R): C[];

  protected abstract fold(event: E, records: RecordAccess<R>): void;

  /** Takes the state back from a checkpoint. */
  restore(items: readonly StoredItem<R, C>[]): this {
    for (const item of items) {
      if (item.k === 'month') this.months.set(item.key, item.cells);
      else this.records.set(this.keyOf(item.record), item.record);
    }
    return this;
  }

  readonly storedKey = (item: StoredItem<R, C>): string =>
    item.k === 'month' ? `m:${item.key}` : this.keyOf(item.record);

  apply(events: readonly E[]): Changes {
    const before = new Map<string, R | undefined>();
    const access: RecordAccess<R> = {
      get: (key) => this.records.get(key),
      set: (key, record) => {
        if (!before.has(key)) before.set(key, this.records.get(key));
        this.records.set(key, record);
      },
    };
    for (const event of events) this.fold(event, access);
    const changed = { records: new Set<string>(), months: new Set<MonthKey>() };
    for (const [key, old] of before) {
      const record = this.records.get(key);
      if (record === undefined || record === old) continue;
      changed.records.add(key);
      const deltas = diffCells(old === undefined ? [] : this.contributions(old), this.contributions(record));
      for (const delta of deltas) changed.months.add(this.months.add(delta));
    }
    return changed;
  }

  cellsOf(key: MonthKey): C[] {
    return this.months.cellsOf(key);
  }

  monthKeys(): MonthKey[] {
    return this.months.keys();
  }

  record(key: string): R | undefined {
    return this.records.get(key);
  }

  /** What to checkpoint for these changes. */
  stored(changed: Changes): StoredItem<R, C>[] {
    const out: StoredItem<R, C>[] = [];
    for (const key of changed.records) {
      const record = this.records.get(key);
      if (record !== undefined) out.push({ k: 'record', record });
    }
    for (const key of changed.months) out.push({ k: 'month', key, cells: this.cellsOf(key) });
    return out;
  }

  /** Everything, for a new snapshot of the partition. */
  all(): StoredItem<R, C>[] {
    return this.stored({ records: new Set(this.records.keys()), months: new Set(this.months.keys()) });
  }
}
