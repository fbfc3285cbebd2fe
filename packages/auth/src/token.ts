import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from './roles';

/** What a signed-in caller is: the claims of an access token. */
export interface PrincipalClaims {
  sub: string;
  roles: Role[];
  /** The unit whose data the user may see (with its area offices, for a provincial unit). */
  unitId: string;
  /**
   * The user's session epoch when the token was issued: the issuer raises it to end every
   * session at once (deactivation, new roles, password reset), and refuses older tokens.
   */
  epoch?: number;
  /**
   * The officer of the registry the user is (their `officerId` link), when they have one: the
   * discipline service knows council members, subjects and reviewers as officers.
   */
  officerId?: string;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Short-lived bearer tokens: a JWT (HS256) carrying the principal, signed with the secret the
 * services share (TOKEN_SECRET). Verification checks the signature in constant time, the
 * algorithm and the expiry.
 */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds = 15 * 60,
  ) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  sign(principal: PrincipalClaims, now = Date.now()): { token: string; expiresAt: number } {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ ...principal, iat, exp, jti: randomBytes(8).toString('hex') }));
    const sig = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return { token: `${header}.${payload}.${sig}`, expiresAt: exp * 1000 };
  }

  /** The principal of a valid token, or why it is not valid. */
  verify(token: string, now = Date.now()): { ok: true; principal: PrincipalClaims } | { ok: false; reason: string } {
    // Exactly three base64url segments, the signature in its one canonical spelling: Node's
    // decoder skips characters outside the alphabet, so "<token>~~" or a fourth segment would
    // otherwise verify as the token itself.
    const parts = token.split('.');
    const [header, payload, sig] = parts;
    if (parts.length !== 3 || !header || !payload || !sig || !parts.every((p) => BASE64URL.test(p)))
      return { ok: false, reason: 'malformed token' };
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || given.toString('base64url') !== sig || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad signature' };
    let head: { alg?: unknown };
    let claims: {
      sub?: unknown;
      roles?: unknown;
      unitId?: unknown;
      exp?: unknown;
      epoch?: unknown;
      officerId?: unknown;
    };
    try {
      head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (head.alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.unitId !== 'string')
      return { ok: false, reason: 'malformed claims' };
    const principal: PrincipalClaims = { sub: claims.sub, roles: claims.roles.filter(isRole), unitId: claims.unitId };
    if (typeof claims.epoch === 'number') principal.epoch = claims.epoch;
    if (typeof claims.officerId === 'string' && claims.officerId !== '') principal.officerId = claims.officerId;
    return { ok: true, principal };
  }
}

/** The token secret from its configured text (hex or base64, at least 32 bytes). */
export function parseTokenSecret(configured: string): Buffer {
  const secret = /^[0-9a-f]+$/i.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64');
  if (secret.length < 32) throw new Error('TOKEN_SECRET must hold at least 32 bytes (64 hex digits)');
  return secret;
}
