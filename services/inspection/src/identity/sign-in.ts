import { createHash, randomBytes } from 'node:crypto';

/** A refresh token (random, shown once) and what is stored of it (its SHA-256). */
export function newRefreshToken(): { token: string; stored: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, stored: refreshTokenHash(token) };
}

export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sign-in lockout: five failures within 15 minutes lock the account for 15 minutes. */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export interface SignInRecord {
  failures: number[];
  lockedUntil?: number;
}

/** The record after a failed attempt at `now` (older failures outside the window forgotten). */
export function afterFailure(rec: SignInRecord, now: number): SignInRecord {
  const failures = [...rec.failures.filter((t) => t > now - LOCKOUT.windowMs), now];
  return failures.length >= LOCKOUT.failures
    ? { failures: [], lockedUntil: now + LOCKOUT.lockMs }
    : { failures, ...(rec.lockedUntil ? { lockedUntil: rec.lockedUntil } : {}) };
}

export function isLocked(rec: SignInRecord, now: number): boolean {
  return rec.lockedUntil !== undefined && rec.lockedUntil > now;
}
