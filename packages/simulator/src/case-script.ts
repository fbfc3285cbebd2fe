import type { AnyEvent, EventOf } from '@thads/contracts';
import { toVnRfc3339 } from '@thads/rules';

const MINUTE = 60_000;

type CaseType = Extract<AnyEvent, { caseId?: string }>['type'];

/**
 * One case's events as an office records them, in time order. Each event is at least a minute
 * after the one before; events at or after the end of the simulation are not recorded (the
 * story of a case still running at the end stops there).
 */
export class CaseScript {
  readonly events: AnyEvent[] = [];
  /** Time of the latest event (epoch ms). */
  last: number;
  private seq = 0;
  private receipts = 0;
  private vouchers = 0;
  private asides = 0;

  constructor(
    readonly caseId: string,
    readonly unitId: string,
    start: number,
    private readonly end: number,
    private readonly accountantId: string,
    /** Event ids are `<idPrefix>-<n>`: a complaint beside a case uses `<case>-K`. */
    private readonly idPrefix = caseId,
  ) {
    this.last = start - MINUTE;
  }

  get stopped(): boolean {
    return this.last >= this.end;
  }

  add<T extends CaseType>(
    type: T,
    at: number,
    data: EventOf<T>['data'],
    opts: { caseless?: boolean; actorId?: string } = {},
  ): number {
    const when = Math.max(at, this.last + MINUTE);
    this.last = when;
    if (when >= this.end) return when;
    this.seq += 1;
    const event: Record<string, unknown> = {
      eventId: `${this.idPrefix}-${this.seq}`,
      type,
      schemaVersion: 1,
      occurredAt: toVnRfc3339(when),
      unitId: this.unitId,
    };
    if (!opts.caseless) event['caseId'] = this.caseId;
    const actorId = opts.actorId ?? (type.startsWith('finance.') ? this.accountantId : undefined);
    if (actorId) event['actorId'] = actorId;
    event['data'] = data;
    this.events.push(event as unknown as AnyEvent);
    return when;
  }

  /**
   * Records an event at `at` without moving the case's own sequence on (an act done on the side,
   * such as a deposit made days late while the case goes on).
   */
  aside<T extends CaseType>(type: T, at: number, data: EventOf<T>['data']): void {
    if (at >= this.end) return;
    this.asides += 1;
    const event: Record<string, unknown> = {
      eventId: `${this.idPrefix}-a${this.asides}`,
      type,
      schemaVersion: 1,
      occurredAt: toVnRfc3339(at),
      unitId: this.unitId,
      caseId: this.caseId,
    };
    if (type.startsWith('finance.')) event['actorId'] = this.accountantId;
    event['data'] = data;
    this.events.push(event as unknown as AnyEvent);
  }

  nextReceipt(): string {
    this.receipts += 1;
    return `BL-${this.caseId}-${this.receipts}`;
  }

  nextVoucher(): string {
    this.vouchers += 1;
    return `PC-${this.caseId}-${this.vouchers}`;
  }
}
