import type { Collection } from 'mongodb';
import { Store } from '@thads/store';
import type { Cell, MonthKey } from '../counters/cell';
import type { IntegrityCell } from '../integrity';
import { CounterTable, type Contribution, type CounterQuery, type CounterReader } from '../statistics';

/** The counters of one source, partition, unit and month, as the API reads them. */
interface CounterDoc {
  /** `<partition>|<unitId>|<YYYY-MM>`, prefixed with `<source>|` when the collection holds several sources. */
  _id: string;
  /** Which consumer wrote it (its partitions are numbered apart from the other consumers'). */
  source?: string;
  partition: number;
  unitId: string;
  month: string;
  /** The month's non-zero counter cells as JSON text: keys and dimensions hold dots, which FerretDB v1 refuses as field names. */
  cells: string;
  writtenAt: Date;
}

/**
 * Per source × partition × unit × month, the counter cells the figures are read from. Each
 * document is a materialised copy of the partition's checkpointed state, rewritten whole (never
 * incremented) when a batch changes it and after the partition is loaded — so a crash between
 * the checkpoint and this write, or two owners during a rebalance, heal on the next load instead
 * of counting twice. The collection holds at most sources × partitions × units × months small
 * documents: a request reads its units' rows, never the events.
 */
export class CounterDocs<C extends Cell> {
  constructor(
    private readonly store: Store,
    private readonly collection: string,
  ) {}

  private get docs(): Collection<CounterDoc> {
    return this.store.collection<CounterDoc>(this.collection);
  }

  /** Replaces the given months of one partition of one source (an empty month is deleted). */
  async write(partition: number, months: ReadonlyMap<MonthKey, readonly C[]>, source?: string): Promise<void> {
    const writtenAt = new Date();
    const ops = [...months].map(([key, cells]) => {
      const [unitId = '', month = ''] = key.split('|');
      const _id = `${source === undefined ? '' : `${source}|`}${partition}|${key}`;
      return cells.length === 0
        ? { deleteOne: { filter: { _id } } }
        : {
            replaceOne: {
              filter: { _id },
              replacement: {
                ...(source === undefined ? {} : { source }),
                partition,
                unitId,
                month,
                cells: JSON.stringify(cells),
                writtenAt,
              },
              upsert: true,
            },
          };
    });
    // FerretDB v1 deadlocks on update commands of 100 statements or more (ADR 0005).
    for (let i = 0; i < ops.length; i += 25) await this.docs.bulkWrite(ops.slice(i, i + 25), { ordered: true });
  }

  /** Every counter cell of these units, over all sources and partitions (not summed). */
  async cells(unitIds: readonly string[]): Promise<C[]> {
    const docs = await this.docs
      .find({ unitId: { $in: [...new Set(unitIds)] } }, { projection: { cells: 1 } })
      .toArray();
    return docs.flatMap((d) => JSON.parse(d.cells) as C[]);
  }
}

/** `insight_counters`: the statistics counters (one source, the case consumer; ids without a source). */
export class CounterStore extends CounterDocs<Contribution> implements CounterReader {
  constructor(store: Store) {
    super(store, 'insight_counters');
  }

  /** Every counter cell of these units, summed over the partitions. */
  async table(unitIds: readonly string[]): Promise<CounterTable> {
    const table = new CounterTable();
    table.apply(await this.cells(unitIds));
    return table;
  }

  async sums(unitIds: readonly string[], queries: readonly CounterQuery[]): Promise<readonly number[]> {
    return (await this.table(unitIds)).sums(unitIds, queries);
  }
}

/** `insight_integrity_counters`: the integrity counters of the findings, inspections and case-integrity consumers. */
export class IntegrityCounterStore extends CounterDocs<IntegrityCell> {
  constructor(store: Store) {
    super(store, 'insight_integrity_counters');
  }
}
