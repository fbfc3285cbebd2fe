import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['inspector', 'inspection_supervisor', 'committee_member', 'committee_chair', 'leadership', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a signed-in caller is: the claims of an access token. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The unit whose data the user may see (with its area offices, for a provincial unit). */
  unitId: string;
}

/** The unit tree as the registry gives it: unit → parent. */
export type UnitParents = ReadonlyMap<string, string | undefined>;

/**
 * Unit scope (issue 5): a user sees their own unit and every unit below it — the province its
 * area offices, an area office only itself.
 */
export function inScope(user: Pick<Principal, 'unitId'>, unitId: string, parents: UnitParents): boolean {
  const seen = new Set<string>();
  for (let u: string | undefined = unitId; u !== undefined && !seen.has(u); u = parents.get(u)) {
    if (u === user.unitId) return true;
    seen.add(u);
  }
  return false;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/**
 * Short-lived bearer tokens: a JWT (HS256) carrying the principal, signed with the service's
 * secret. Verification checks the signature in constant time, the algorithm and the expiry.
 */
export class TokenSigner {
  constructor(private readonly secret: Buffer, private readonly ttlSeconds = 15 * 60) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  sign(principal: Principal, now = Date.now()): { token: string; expiresAt: number } {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ ...principal, iat, exp, jti: randomBytes(8).toString('hex') }));
    const sig = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return { token: `${header}.${payload}.${sig}`, expiresAt: exp * 1000 };
  }

  /** The principal of a valid token, or why it is not valid. */
  verify(token: string, now = Date.now()): { ok: true; principal: Principal } | { ok: false; reason: string } {
    const [header, payload, sig] = token.split('.');
    if (!header || !payload || !sig) return { ok: false, reason: 'malformed token' };
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
    let head: { alg?: unknown };
    let claims: Principal & { exp?: unknown };
    try {
      head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Principal & { exp?: unknown };
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (head.alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.unitId !== 'string') return { ok: false, reason: 'malformed claims' };
    return { ok: true, principal: { sub: claims.sub, roles: claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)), unitId: claims.unitId } };
  }
}

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
  return failures.length >= LOCKOUT.failures ? { failures: [], lockedUntil: now + LOCKOUT.lockMs } : { failures, ...(rec.lockedUntil ? { lockedUntil: rec.lockedUntil } : {}) };
}

export function isLocked(rec: SignInRecord, now: number): boolean {
  return rec.lockedUntil !== undefined && rec.lockedUntil > now;
}
