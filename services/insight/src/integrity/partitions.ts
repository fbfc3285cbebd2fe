import type { CaseStreamEvent, FindingMessage } from '@thads/contracts';
import type { WorkingCalendar } from '@thads/rules';
import { FoldedPartition, type RecordAccess } from '../counters/folded-partition';
import type { IntegrityCell } from './cells';
import {
  complaintContributions,
  complaintIdOf,
  emptyComplaintRecord,
  foldComplaintEvent,
  SHIPPED_CALENDAR,
  type ComplaintRecord,
} from './complaints';
import { findingContributions, foldFinding, type FindingRecord } from './findings';
import { MONEY_EVENT_TYPES, emptyMoneyRecord, foldMoneyEvent, moneyContributions, type MoneyRecord } from './money';
import {
  foldWorkflowEvent,
  workflowContributions,
  workflowKey,
  type WorkflowEvent,
  type WorkflowRecord,
} from './workflow';

/** A partition of `integrity.findings.v1` (keyed by finding): each finding's highest revision. */
export class FindingsPartition extends FoldedPartition<FindingRecord, FindingMessage, IntegrityCell> {
  protected keyOf(r: FindingRecord): string {
    return `f:${r.findingId}`;
  }

  protected contributions(r: FindingRecord): IntegrityCell[] {
    return findingContributions(r);
  }

  protected fold(message: FindingMessage, records: RecordAccess<FindingRecord>): void {
    const key = `f:${message.findingId}`;
    const current = records.get(key);
    const next = foldFinding(current, message);
    if (next !== undefined && next !== current) records.set(key, next);
  }
}

/** Partition p of `integrity.inspections.v1` and `integrity.discipline.v1` (both keyed by officer). */
export class WorkflowPartition extends FoldedPartition<WorkflowRecord, WorkflowEvent, IntegrityCell> {
  protected keyOf(r: WorkflowRecord): string {
    return workflowKey(r);
  }

  protected contributions(r: WorkflowRecord): IntegrityCell[] {
    return workflowContributions(r);
  }

  protected fold(event: WorkflowEvent, records: RecordAccess<WorkflowRecord>): void {
    foldWorkflowEvent(event, records);
  }
}

export type CaseIntegrityRecord = MoneyRecord | ComplaintRecord;

/**
 * Partition p of the case and finance topics (co-partitioned by case; a complaint without a case
 * is keyed by the officer, its resolution too): each case's money and each complaint. A
 * complaint's deadline is counted on `calendar()`, the service's working-day calendar (the
 * shipped table of official days off when none is given).
 */
export class CaseIntegrityPartition extends FoldedPartition<CaseIntegrityRecord, CaseStreamEvent, IntegrityCell> {
  constructor(private readonly calendar: () => WorkingCalendar = () => SHIPPED_CALENDAR) {
    super();
  }

  protected keyOf(r: CaseIntegrityRecord): string {
    return r.kind === 'case' ? `c:${r.caseId}` : `k:${r.complaintId}`;
  }

  protected contributions(r: CaseIntegrityRecord): IntegrityCell[] {
    return r.kind === 'case' ? moneyContributions(r) : complaintContributions(r, this.calendar());
  }

  protected fold(event: CaseStreamEvent, records: RecordAccess<CaseIntegrityRecord>): void {
    const complaintId = complaintIdOf(event);
    if (complaintId !== undefined) {
      const key = `k:${complaintId}`;
      const stored = records.get(key);
      const current = stored?.kind === 'complaint' ? stored : emptyComplaintRecord(complaintId);
      const next = foldComplaintEvent(current, event, this.calendar());
      if (next !== current) records.set(key, next);
      return;
    }
    if (event.caseId === undefined || !MONEY_EVENT_TYPES.has(event.type)) return;
    const key = `c:${event.caseId}`;
    const stored = records.get(key);
    const current = stored?.kind === 'case' ? stored : emptyMoneyRecord(event.caseId);
    const next = foldMoneyEvent(current, event);
    if (next !== current) records.set(key, next);
  }
}
