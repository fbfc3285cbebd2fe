import type { AuditEntry, Verification } from '@thads/audit';
import { commitmentInChain, SEALED_ACTION } from './published-commitment';

const entry = (seq: number, subject: string, action: string, after?: unknown): AuditEntry => ({
  seq,
  at: '2026-12-14T02:00:00.000Z',
  actor: 'system:ballot',
  action,
  subject,
  ...(after === undefined ? {} : { after }),
  prev: `h${seq - 1}`,
  hash: `h${seq}`,
});

const chain = [
  entry(1, 'proceeding:DP-A', 'proceeding.opened'),
  entry(2, 'proceeding:DP-B', SEALED_ACTION, { roundId: 'DP-B-r1', commitment: 'b'.repeat(64) }),
  entry(3, 'proceeding:DP-A', SEALED_ACTION, { roundId: 'DP-A-r1', commitment: 'a'.repeat(64) }),
  // A seal recorded again (a retried step) does not replace the first.
  entry(4, 'proceeding:DP-A', SEALED_ACTION, { roundId: 'DP-A-r1', commitment: 'f'.repeat(64) }),
];
const verified: Verification = { ok: true, entries: 4 };

describe('the commitment a recount is checked against', () => {
  it('is the one the audit chain recorded when the round was sealed', () => {
    expect(commitmentInChain(chain, verified, 'DP-A', 'DP-A-r1')).toEqual({
      ok: true,
      commitment: 'a'.repeat(64),
      seq: 3,
    });
    expect(commitmentInChain(chain, verified, 'DP-B', 'DP-B-r1')).toMatchObject({
      ok: true,
      commitment: 'b'.repeat(64),
    });
  });

  it('is not vouched for when the chain breaks at or before its entry, or when no entry names the round', () => {
    const brokenAt = (firstBad: number): Verification => ({ ok: false, entries: 4, firstBad, reason: 'content' });
    expect(commitmentInChain(chain, brokenAt(3), 'DP-A', 'DP-A-r1')).toMatchObject({
      ok: false,
      code: 'audit_chain_broken',
    });
    expect(commitmentInChain(chain, brokenAt(2), 'DP-A', 'DP-A-r1')).toMatchObject({ ok: false });
    // Broken after it: what was written before the break still stands.
    expect(commitmentInChain(chain, brokenAt(4), 'DP-A', 'DP-A-r1')).toMatchObject({ ok: true, seq: 3 });
    expect(commitmentInChain(chain, verified, 'DP-B', 'DP-A-r1')).toMatchObject({
      ok: false,
      code: 'not_in_audit_chain',
    });
    expect(commitmentInChain(chain, verified, 'DP-A', 'DP-A-r2')).toMatchObject({
      ok: false,
      code: 'not_in_audit_chain',
    });
  });
});
