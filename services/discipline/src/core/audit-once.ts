import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail, type AuditInput } from '@thads/audit';
import { sleep } from '@thads/platform';
import { Store } from '@thads/store';

/** An audit entry with the id of the step it records: the same step gives the same id. */
export interface PendingAudit {
  entryId: string;
  entry: AuditInput;
}

/** The collection `configuredAuditTrail` writes to (its default). */
const AUDIT_COLLECTION = 'audit_trail';

/** Attempts of one append before the failure is left to the caller's own retry (the relay, the job). */
const ATTEMPTS = 3;
const BACKOFF_MS = 200;

/**
 * Appends an audit entry once per step, and retries it. The entry carries its id in `after`
 * (`entryId`, covered by its hash); an append whose id is in the chain already is done, so a
 * step re-run after a failure (the outbox relay, a BullMQ retry of a deadline job) records it
 * once. The chain is append-only and `@thads/audit` has no lookup by content, so the check reads
 * this service's own trail collection by `after.entryId` (its documents are the entries): an
 * `appendOnce` in `@thads/audit` would be the better home for it.
 *
 * Not covered: two processes appending the same id at the same instant (a job and its own
 * retry never run together; the relay and a step's own flush can, and would record it twice).
 */
@Injectable()
export class AuditOnce {
  constructor(
    private readonly audit: AuditTrail,
    @Inject(Store) private readonly store: Store,
  ) {}

  async append({ entryId, entry }: PendingAudit): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (await this.recorded(entryId)) return;
        await this.audit.append({ ...entry, after: { ...asObject(entry.after), entryId } });
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) throw err;
        await sleep(BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  private async recorded(entryId: string): Promise<boolean> {
    const found = await this.store
      .collection(AUDIT_COLLECTION)
      .findOne({ 'after.entryId': entryId }, { projection: { _id: 1 } });
    return found !== null;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === undefined
      ? {}
      : { value };
}
