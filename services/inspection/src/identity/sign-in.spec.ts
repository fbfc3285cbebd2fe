import { afterFailure, isLocked, LOCKOUT, newRefreshToken, refreshTokenHash, type SignInRecord } from './sign-in';

describe('refresh tokens', () => {
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
