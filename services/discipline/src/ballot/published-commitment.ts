import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditEntry, type Verification } from '@thads/audit';

/** The action of the audit entry a sealed round leaves (`BallotService`), with its commitment in `after`. */
export const SEALED_ACTION = 'ballot.sealed';

export type PublishedCommitment =
  | { ok: true; commitment: string; seq: number }
  | { ok: false; code: 'not_in_audit_chain' | 'audit_chain_broken'; message: string };

/**
 * The commitment recorded for a round in the audit chain, if the chain vouches for it: the first
 * `ballot.sealed` entry of the proceeding naming the round, provided the chain verifies up to it
 * (an entry before the first broken link is still what was written then). Pure: the entries and
 * the verification come from the caller.
 */
export function commitmentInChain(
  entries: Iterable<AuditEntry>,
  verification: Verification,
  proceedingId: string,
  roundId: string,
): PublishedCommitment {
  for (const e of entries) {
    if (e.action !== SEALED_ACTION || e.subject !== `proceeding:${proceedingId}`) continue;
    const after = e.after as { roundId?: unknown; commitment?: unknown } | undefined;
    if (after?.roundId !== roundId || typeof after.commitment !== 'string') continue;
    if (!verification.ok && e.seq >= verification.firstBad)
      return {
        ok: false,
        code: 'audit_chain_broken',
        message: `the audit chain does not verify from entry ${verification.firstBad} (${verification.reason}), which covers the round's seal`,
      };
    return { ok: true, commitment: after.commitment, seq: e.seq };
  }
  return { ok: false, code: 'not_in_audit_chain', message: `no sealed round ${roundId} in the audit chain` };
}

/** How many audit entries are read at a time while looking for a round's seal. */
const PAGE = 500;

/**
 * The reference a recount is checked against: the commitment published when the round closed
 * (on `ballot.closed` and in the audit chain), never the one kept in the proceeding's document
 * or the seal — whoever can rewrite the stored ballots can rewrite those too, but not the keyed
 * audit chain (AUDIT_KEY) nor the topic. The discipline service's chain is small (a handful of
 * entries per proceeding), so it is verified and scanned whole on each request; a lookup by
 * subject in `@thads/audit` would spare the scan.
 */
@Injectable()
export class PublishedCommitments {
  constructor(private readonly audit: AuditTrail) {}

  async of(proceedingId: string, roundId: string): Promise<PublishedCommitment> {
    const verification = await this.audit.verify();
    const entries: AuditEntry[] = [];
    for (let from = 1; ; from += PAGE) {
      const page = await this.audit.page(from, PAGE);
      entries.push(...page.filter((e) => e.action === SEALED_ACTION));
      if (page.length < PAGE) break;
    }
    return commitmentInChain(entries, verification, proceedingId, roundId);
  }
}
