import { randomBytes } from 'node:crypto';
import { afterFailure, inScope, isLocked, LOCKOUT, newRefreshToken, refreshTokenHash, TokenSigner, type SignInRecord } from './access';

const parents = new Map<string, string | undefined>([['DT', undefined], ['DT-KV01', 'DT'], ['DT-KV02', 'DT'], ['TG', undefined]]);

describe('unit scope', () => {
  it('lets the province see its area offices and an area office only itself', () => {
    expect(inScope({ unitId: 'DT' }, 'DT-KV01', parents)).toBe(true);
    expect(inScope({ unitId: 'DT' }, 'DT', parents)).toBe(true);
    expect(inScope({ unitId: 'DT-KV01' }, 'DT-KV01', parents)).toBe(true);
    expect(inScope({ unitId: 'DT-KV01' }, 'DT-KV02', parents)).toBe(false);
    expect(inScope({ unitId: 'DT-KV01' }, 'DT', parents)).toBe(false);
    expect(inScope({ unitId: 'DT' }, 'TG', parents)).toBe(false);
    expect(inScope({ unitId: 'DT' }, 'unknown-unit', parents)).toBe(false);
  });
});

describe('access tokens', () => {
  const signer = new TokenSigner(randomBytes(32), 900);
  const principal = { sub: 'u-1', roles: ['inspector' as const], unitId: 'DT-KV01' };

  it('round-trips the principal until expiry', () => {
    const t0 = Date.parse('2026-11-28T10:00:00Z');
    const { token, expiresAt } = signer.sign(principal, t0);
    expect(expiresAt).toBe(t0 + 900_000);
    expect(signer.verify(token, t0 + 899_000)).toEqual({ ok: true, principal });
    expect(signer.verify(token, t0 + 900_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, an altered payload, or alg none', () => {
    const { token } = signer.sign(principal);
    expect(new TokenSigner(randomBytes(32)).verify(token)).toEqual({ ok: false, reason: 'bad signature' });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...principal, roles: ['admin'], exp: 4102444800 })).toString('base64url');
    expect(signer.verify(`${h}.${forged}.${s}`)).toEqual({ ok: false, reason: 'bad signature' });
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(signer.verify(`${none}.${forged}.`).ok).toBe(false);
    expect(() => new TokenSigner(Buffer.alloc(8))).toThrow(/32 bytes/);
  });

  it('stores only the hash of a refresh token', () => {
    const { token, stored } = newRefreshToken();
    expect(stored).toBe(refreshTokenHash(token));
    expect(stored).not.toContain(token);
  });
});

describe('sign-in lockout', () => {
  it('locks after five failures within 15 minutes, for 15 minutes; failures spread wider do not lock', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    let rec: SignInRecord = { failures: [] };
    for (let i = 0; i < LOCKOUT.failures - 1; i += 1) rec = afterFailure(rec, t + i * 1000);
    expect(isLocked(rec, t + 5000)).toBe(false);
    rec = afterFailure(rec, t + 5000);
    expect(isLocked(rec, t + 5000)).toBe(true);
    expect(isLocked(rec, t + 5000 + LOCKOUT.lockMs)).toBe(false);
    let spread: SignInRecord = { failures: [] };
    for (let i = 0; i < 10; i += 1) spread = afterFailure(spread, t + i * 4 * 60_000);
    expect(isLocked(spread, t + 40 * 60_000)).toBe(false);
  });
});
