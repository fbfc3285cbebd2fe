import type { CaseStreamEvent, EventOf } from '@thads/contracts';
import type { CaseRecord } from '../case-record';
import { emptyCaseRecord, foldCaseEvent } from '../case-record';
import { contributions, diffContributions } from '../contributions';
import { CounterTable } from '../counter-table';
import { readStatistics } from '../answer';
import type { Statistics } from '../figures';

/**
 * One case's events as an office records them, for the statistics specs:
 *
 *   aCase('C-1').on('2024-09-20').received(100_000_000).on('2024-11-05').collected(20_000_000)
 *
 * Times are Vietnam local, 09:00 unless given; `at` takes any RFC 3339 instant. Event ids are
 * the case id and a counter unless `id` names the next one; receipts are BL-<case>-<n>.
 */
export class CaseEvents {
  readonly events: CaseStreamEvent[] = [];
  private occurredAt = '2024-01-01T09:00:00+07:00';
  private nextId: string | undefined;
  private seq = 0;
  private receipts = 0;

  constructor(
    readonly caseId: string,
    readonly unitId: string,
  ) {}

  on(day: string, time = '09:00:00'): this {
    return this.at(`${day}T${time}+07:00`);
  }

  at(occurredAt: string): this {
    this.occurredAt = occurredAt;
    return this;
  }

  id(eventId: string): this {
    this.nextId = eventId;
    return this;
  }

  /** The receipt number of the latest collection. */
  get receipt(): string {
    return `BL-${this.caseId}-${this.receipts}`;
  }

  received(claimAmount: number, unitId = this.unitId): this {
    const data = { mode: 'on_request', judgmentRef: `BA-${this.caseId}`, creditorIds: [], debtorIds: [], claimAmount };
    return this.push({ ...this.envelope(unitId), type: 'case.received', data } as const);
  }

  classified(category: EventOf<'case.classified'>['data']['category']): this {
    return this.push({ ...this.envelope(), type: 'case.classified', data: { category } });
  }

  closed(result: EventOf<'case.closed'>['data']['result'] = 'fully_executed'): this {
    return this.push({ ...this.envelope(), type: 'case.closed', data: { result } });
  }

  terminated(): this {
    return this.push({ ...this.envelope(), type: 'case.terminated', data: { reasonCode: 'creditor_withdrew' } });
  }

  collected(amount: number, receiptNo?: string): this {
    this.receipts += 1;
    const data = { receiptNo: receiptNo ?? this.receipt, amount, method: 'transfer', payerId: 'P-debtor' } as const;
    return this.push({ ...this.envelope(), type: 'finance.collected', data });
  }

  reversed(ref: string, amount: number): this {
    return this.push({ ...this.envelope(), type: 'finance.reversed', data: { ref, amount, reason: 'entry error' } });
  }

  /** Something the statistics do not read. */
  assigned(officerId: string): this {
    return this.push({ ...this.envelope(), type: 'case.assigned', data: { officerId } });
  }

  private envelope(unitId = this.unitId) {
    this.seq += 1;
    const eventId = this.nextId ?? `${this.caseId}-e${this.seq}`;
    this.nextId = undefined;
    return { eventId, schemaVersion: 1, occurredAt: this.occurredAt, unitId, caseId: this.caseId } as const;
  }

  private push(event: CaseStreamEvent): this {
    this.events.push(event);
    return this;
  }
}

export function aCase(caseId: string, unitId = 'U-1'): CaseEvents {
  return new CaseEvents(caseId, unitId);
}

/** The incremental model as the service runs it: fold each event, apply the change of contributions. */
export class IncrementalStatistics {
  readonly records = new Map<string, CaseRecord>();
  readonly table = new CounterTable();

  apply(event: CaseStreamEvent): this {
    if (event.caseId === undefined) return this;
    const before = this.records.get(event.caseId) ?? emptyCaseRecord(event.caseId);
    const after = foldCaseEvent(before, event);
    this.table.apply(diffContributions(contributions(before), contributions(after)));
    this.records.set(event.caseId, after);
    return this;
  }

  applyAll(events: readonly CaseStreamEvent[]): this {
    for (const event of events) this.apply(event);
    return this;
  }

  read(unitIds: readonly string[], from: string, to: string): Promise<Statistics> {
    return readStatistics(this.table, unitIds, { from, to });
  }
}
