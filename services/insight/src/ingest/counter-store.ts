import type { Collection } from 'mongodb';
import { Store } from '@thads/store';
import { CounterTable, type Contribution, type CounterQuery, type CounterReader } from '../statistics';

/** The counters of one partition, one unit and one month, as the API reads them. */
interface CounterDoc {
  /** `<partition>|<unitId>|<YYYY-MM>` */
  _id: string;
  partition: number;
  unitId: string;
  month: string;
  /** The month's non-zero counter cells (`Contribution[]`) as JSON text: counter keys hold dots, which FerretDB v1 refuses as field names. */
  cells: string;
  writtenAt: Date;
}

export type MonthKey = `${string}|${string}`;
export const monthKey = (unitId: string, day: string): MonthKey => `${unitId}|${day.slice(0, 7)}`;

/**
 * `insight_counters`: per partition × unit × month, the counter cells the statistics are read
 * from. Each document is a materialised copy of the partition's checkpointed state, rewritten
 * whole (never incremented) when a batch changes it and after the partition is loaded — so a
 * crash between the checkpoint and this write, or two owners during a rebalance, heal on the
 * next load instead of counting twice. The collection holds at most partitions × units ×
 * months small documents (6 × 13 × 12 a year for a province): a request reads its units' rows,
 * never the events.
 */
export class CounterStore implements CounterReader {
  constructor(private readonly store: Store) {}

  private get docs(): Collection<CounterDoc> {
    return this.store.collection<CounterDoc>('insight_counters');
  }

  /** Replaces the given months of one partition (an empty month is deleted). */
  async write(partition: number, months: ReadonlyMap<MonthKey, readonly Contribution[]>): Promise<void> {
    const writtenAt = new Date();
    const ops = [...months].map(([key, cells]) => {
      const [unitId = '', month = ''] = key.split('|');
      const _id = `${partition}|${key}`;
      return cells.length === 0
        ? { deleteOne: { filter: { _id } } }
        : {
            replaceOne: {
              filter: { _id },
              replacement: { partition, unitId, month, cells: JSON.stringify(cells), writtenAt },
              upsert: true,
            },
          };
    });
    // FerretDB v1 deadlocks on update commands of 100 statements or more (ADR 0005).
    for (let i = 0; i < ops.length; i += 25) await this.docs.bulkWrite(ops.slice(i, i + 25), { ordered: true });
  }

  /** Every counter cell of these units, summed over the partitions. */
  async table(unitIds: readonly string[]): Promise<CounterTable> {
    const table = new CounterTable();
    const docs = await this.docs
      .find({ unitId: { $in: [...new Set(unitIds)] } }, { projection: { cells: 1 } })
      .toArray();
    for (const d of docs) table.apply(JSON.parse(d.cells) as Contribution[]);
    return table;
  }

  async sums(unitIds: readonly string[], queries: readonly CounterQuery[]): Promise<readonly number[]> {
    return (await this.table(unitIds)).sums(unitIds, queries);
  }
}
