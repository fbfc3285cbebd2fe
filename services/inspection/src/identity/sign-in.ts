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

/** What the user document keeps of sign-ins (failures themselves are counted in `sign_in_failures`). */
export interface SignInRecord {
  /** Kept from the first version, always empty now. */
  failures: number[];
  lockedUntil?: number;
}

export function isLocked(rec: SignInRecord, now: number): boolean {
  return rec.lockedUntil !== undefined && rec.lockedUntil > now;
}
