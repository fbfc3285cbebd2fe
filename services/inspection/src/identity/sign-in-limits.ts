import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/**
 * How many times credentials may be presented, per client address and per account, in one
 * window. Counted in Redis (SignInLimiter) so that every instance of the service shares the
 * counts; the decisions below are pure.
 */
export interface SignInLimits {
  /** Attempts from one client address (sign-in, refresh, password change). */
  perAddress: number;
  /** Attempts at one account name (sign-in and password change), from any address. */
  perAccount: number;
  windowMs: number;
}

/**
 * 30 a minute from one address: a district office signs in from behind one public address, and
 * 30 lets a room of officers arriving in the morning all sign in (and the console refresh their
 * sessions) within the minute, while holding one address to 30 scrypt hashes a minute — half of
 * one core here (docs/security.md: a hash takes 0.7–1.1 s). 10 a minute per account: a person
 * mistyping a password tries a few times a minute; more is a script, and the lockout (5 failures
 * in 15 minutes) stops the guessing anyway — this bounds what a script from many addresses costs.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 30, perAccount: 10, windowMs: 60_000 };

/** The Redis key of an account's counter: the name hashed, so no user name is kept in Redis and any name makes a short key. */
export function accountKey(prefix: string, username: string): string {
  return `${prefix}:sign-in-limit:account:${createHash('sha256').update(username).digest('hex')}`;
}

export function addressKey(prefix: string, address: string): string {
  return `${prefix}:sign-in-limit:address:${address}`;
}

/** What Redis answered for the counters of one attempt (see SignInLimiter's script). */
export interface CountAnswer {
  /** 0 when every counter is within its limit, else the 1-based position of the first that is not. */
  over: number;
  /** Milliseconds left in the window of that counter. */
  ttlMs: number;
  /** That counter's count, this attempt included. */
  count: number;
}

export type Admission =
  | { admitted: true }
  | {
      admitted: false;
      /** Whole seconds to wait, at least 1 (the `Retry-After` header). */
      retryAfterS: number;
      /** The attempt that went over: the one to report (later ones in the window are not). */
      first: boolean;
    };

export function admission(answer: CountAnswer, limits: readonly number[]): Admission {
  if (answer.over === 0) return { admitted: true };
  const limit = limits[answer.over - 1] ?? 0;
  return {
    admitted: false,
    retryAfterS: Math.max(1, Math.ceil(answer.ttlMs / 1000)),
    first: answer.count === limit + 1,
  };
}

/** `loopback`: 127.0.0.0/8 and ::1, where the console runs when it sits beside the service. */
const LOOPBACK = ['127.0.0.0/8', '::1'];

/**
 * The proxies whose `X-Forwarded-For` is believed, from a list of addresses and CIDR ranges
 * (`loopback` for the loopback ranges, `none` for no proxy at all). Throws on an entry that is
 * neither, so a typo fails at start-up instead of trusting nobody (or everybody) quietly.
 */
export function trustedProxies(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const entry of entries.flatMap((e) => (e === 'loopback' ? LOOPBACK : [e]))) {
    if (entry === 'none') continue;
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max)))
      throw new Error(`"${entry}" is not an address, a CIDR range, "loopback" or "none"`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
    any = true;
  }
  return (address) => {
    const family = isIP(address);
    return any && family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** `::ffff:10.0.0.7` (an IPv4 client of a dual-stack socket) → `10.0.0.7`; anything not an address → undefined. */
function plainAddress(raw: string | undefined): string | undefined {
  const a = raw?.trim();
  if (!a) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)?.[1];
  const address = mapped ?? a;
  return isIP(address) ? address : undefined;
}

/**
 * The address a request came from. The socket's peer, unless that is a trusted proxy: then the
 * `X-Forwarded-For` entries are read from the right (the proxy nearest to us appends last), past
 * every trusted proxy, and the first address that is not one is the client. Entries further left
 * were written by the client itself and are never believed — else anyone could escape the
 * per-address limit by sending a new header each time.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: (address: string) => boolean,
): string {
  let client = plainAddress(peer) ?? 'unknown';
  if (!trusted(client)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').reverse();
  for (const hop of hops) {
    const address = plainAddress(hop);
    // Not an address (an empty header, a name, garbage): the last one we could believe stands.
    if (!address) return client;
    client = address;
    if (!trusted(address)) return client;
  }
  return client;
}
