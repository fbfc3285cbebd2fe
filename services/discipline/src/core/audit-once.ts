import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditInput } from '@thads/audit';
import { sleep } from '@thads/platform';

/** An audit entry with the id of the step it records: the same step gives the same id. */
export interface PendingAudit {
  entryId: string;
  entry: AuditInput;
}

/** Attempts of one append before the failure is left to the caller's own retry (the relay, the job). */
const ATTEMPTS = 3;
const BACKOFF_MS = 200;

/**
 * Appends an audit entry once per step, and retries it: the same step gives the same id, and
 * `AuditTrail.appendOnce` records an id once however many times, or from however many processes,
 * the step is re-run (the outbox relay beside a step's own flush, a BullMQ retry of a deadline
 * job). A failure after the attempts is left to the caller's own retry.
 */
@Injectable()
export class AuditOnce {
  constructor(private readonly audit: AuditTrail) {}

  async append({ entryId, entry }: PendingAudit): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.audit.appendOnce(entryId, entry);
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) throw err;
        await sleep(BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }
}
