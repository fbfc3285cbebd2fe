import { isLocked, LOCKOUT, newRefreshToken, refreshTokenHash } from './sign-in';

describe('refresh tokens', () => {
  it('stores only the hash of a refresh token', () => {
    const { token, stored } = newRefreshToken();
    expect(stored).toBe(refreshTokenHash(token));
    expect(stored).not.toContain(token);
  });
});

describe('sign-in lockout', () => {
  it('holds a lock for its 15 minutes and not after', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const locked = { failures: [], lockedUntil: t + LOCKOUT.lockMs };
    expect(isLocked(locked, t)).toBe(true);
    expect(isLocked(locked, t + LOCKOUT.lockMs - 1)).toBe(true);
    expect(isLocked(locked, t + LOCKOUT.lockMs)).toBe(false);
    expect(isLocked({ failures: [] }, t)).toBe(false);
  });
});
