import type { CaseStreamEvent } from '@thads/contracts';
import {
  STATISTICS_EVENT_TYPES,
  contributions,
  emptyCaseRecord,
  foldCaseEvent,
  type CaseRecord,
  type Contribution,
} from '../statistics';
import { FoldedPartition, type RecordAccess } from '../counters/folded-partition';

const READ: ReadonlySet<string> = new Set(STATISTICS_EVENT_TYPES);

/**
 * The statistics state of one input partition (case and finance topics are co-partitioned, so
 * all of a case's events land here): every case's record and the counter cells they add up to.
 */
export class PartitionState extends FoldedPartition<CaseRecord, CaseStreamEvent, Contribution> {
  protected keyOf(record: CaseRecord): string {
    return `c:${record.caseId}`;
  }

  protected contributions(record: CaseRecord): Contribution[] {
    return contributions(record);
  }

  protected fold(event: CaseStreamEvent, records: RecordAccess<CaseRecord>): void {
    const caseId = event.caseId;
    if (caseId === undefined || !READ.has(event.type)) return;
    const key = `c:${caseId}`;
    const current = records.get(key) ?? emptyCaseRecord(caseId);
    const next = foldCaseEvent(current, event);
    if (next !== current) records.set(key, next);
  }
}
