import type { CaseStreamEvent } from '@thads/contracts';
import {
  STATISTICS_EVENT_TYPES,
  cellId,
  contributions,
  diffContributions,
  emptyCaseRecord,
  foldCaseEvent,
  type CaseRecord,
  type Contribution,
} from '../statistics';
import { monthKey, type MonthKey } from './counter-store';

/** What the checkpoint log stores for a partition: case records, and the counter cells of each unit × month. */
export type StoredItem = { k: 'case'; record: CaseRecord } | { k: 'month'; key: MonthKey; cells: Contribution[] };

export const storedKey = (item: StoredItem): string =>
  item.k === 'case' ? `c:${item.record.caseId}` : `m:${item.key}`;

const READ: ReadonlySet<string> = new Set(STATISTICS_EVENT_TYPES);

/**
 * The statistics state of one input partition (case and finance topics are co-partitioned, so
 * all of a case's events land here): every case's record and the counter cells they add up to.
 * No I/O: the ingest loads it from the checkpoint log, feeds it batches and writes back what
 * changed.
 */
export class PartitionState {
  private readonly cases = new Map<string, CaseRecord>();
  private readonly months = new Map<MonthKey, Map<string, Contribution>>();

  static from(items: readonly StoredItem[]): PartitionState {
    const state = new PartitionState();
    for (const item of items) {
      if (item.k === 'case') state.cases.set(item.record.caseId, item.record);
      else state.months.set(item.key, new Map(item.cells.map((c) => [cellId(c), c])));
    }
    return state;
  }

  /**
   * Folds events in, in any order (the fold is order-free and drops repeated event ids), and
   * moves each changed case's contributions from its old record to its new one.
   */
  apply(events: readonly CaseStreamEvent[]): { cases: Set<string>; months: Set<MonthKey> } {
    const changed = { cases: new Set<string>(), months: new Set<MonthKey>() };
    const before = new Map<string, CaseRecord>();
    for (const event of events) {
      const caseId = event.caseId;
      if (caseId === undefined || !READ.has(event.type)) continue;
      const current = this.cases.get(caseId) ?? emptyCaseRecord(caseId);
      const next = foldCaseEvent(current, event);
      if (next === current) continue;
      if (!before.has(caseId)) before.set(caseId, current);
      this.cases.set(caseId, next);
      changed.cases.add(caseId);
    }
    for (const [caseId, old] of before) {
      const record = this.cases.get(caseId);
      if (!record) continue;
      for (const delta of diffContributions(contributions(old), contributions(record))) {
        const key = monthKey(delta.unitId, delta.day);
        this.add(key, delta);
        changed.months.add(key);
      }
    }
    return changed;
  }

  private add(key: MonthKey, delta: Contribution): void {
    const cells = this.months.get(key) ?? new Map<string, Contribution>();
    this.months.set(key, cells);
    const id = cellId(delta);
    const value = (cells.get(id)?.value ?? 0) + delta.value;
    if (value === 0) cells.delete(id);
    else cells.set(id, { ...delta, value });
  }

  cellsOf(key: MonthKey): Contribution[] {
    return [...(this.months.get(key)?.values() ?? [])];
  }

  monthKeys(): MonthKey[] {
    return [...this.months.keys()];
  }

  /** What to checkpoint for these changes. */
  stored(changed: { cases: ReadonlySet<string>; months: ReadonlySet<MonthKey> }): StoredItem[] {
    const out: StoredItem[] = [];
    for (const caseId of changed.cases) {
      const record = this.cases.get(caseId);
      if (record) out.push({ k: 'case', record });
    }
    for (const key of changed.months) out.push({ k: 'month', key, cells: this.cellsOf(key) });
    return out;
  }

  /** Everything, for a new snapshot of the partition. */
  all(): StoredItem[] {
    return this.stored({ cases: new Set(this.cases.keys()), months: new Set(this.months.keys()) });
  }
}
