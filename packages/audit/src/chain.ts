import { createHash, createHmac } from 'node:crypto';

/** One entry of the audit trail: who did what to what, when, with the state before and after. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  before?: unknown;
  after?: unknown;
  /** Hash of the previous entry ('' for the first). */
  prev: string;
  /** SHA-256 of the entry (with `prev`), or when `keyed` its HMAC-SHA-256 under the audit key. */
  hash: string;
  /** Linked with the audit key: nobody without the key can make this hash (or a chain on from it). */
  keyed?: true;
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'prev' | 'hash' | 'keyed'>;

/**
 * The key of a chain's links, kept out of the store (AUDIT_KEY): with it, an entry's hash is
 * HMAC(key, previous hash ‖ entry), so whoever can write the store but does not hold the key can
 * alter nothing and recompute the chain after it — a plain SHA-256 chain they could rewrite whole.
 * `from`: the first entry that must be keyed. 1 for a chain begun with the key; for one begun
 * without (before the key existed) the entry where its keyed segment starts, recorded by the
 * operator (AUDIT_KEYED_FROM): the entries before it are checked as the plain SHA-256 chain they
 * are and counted as `unkeyed`, and they are anchored by the first keyed link, which covers the
 * hash of the last of them.
 */
export interface ChainKey {
  key: Buffer;
  from: number;
}

/** The audit key from its configured text: 64 hex digits (32 bytes), as the local stack makes it. */
export function parseAuditKey(text: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error('AUDIT_KEY must be 64 hex digits (openssl rand -hex 32)');
  return Buffer.from(text, 'hex');
}

/**
 * JSON with object keys sorted at every level, so that the same content always hashes the
 * same whatever order a store gives the fields back in.
 */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/**
 * The hash of an entry: SHA-256 of its canonical content, or with `key` the HMAC-SHA-256 of it.
 * The content holds `prev`, so either is a link to the entry before; a keyed entry's content
 * says it is keyed, so that a keyed link cannot pass for a plain one or the other way round.
 */
export function entryHash(e: Omit<AuditEntry, 'hash'>, key?: Buffer): string {
  const content = canonical({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    before: e.before,
    after: e.after,
    prev: e.prev,
    keyed: e.keyed,
  });
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(content).digest('hex');
}

/**
 * The entry that follows `last` in the chain. `before` and `after` are taken as JSON (no
 * `undefined`, dates as text): exactly what the store gives back, so the hash still matches
 * when the entry is read again.
 */
/** Longest string kept in an entry; what a caller controls (a URL, a note) cannot bloat the trail. */
export const MAX_AUDIT_STRING = 1000;

/** A string cut to `MAX_AUDIT_STRING` characters, saying how much was left out. */
export function clip(text: string): string {
  return text.length <= MAX_AUDIT_STRING
    ? text
    : `${text.slice(0, MAX_AUDIT_STRING)}… (${text.length - MAX_AUDIT_STRING} more characters)`;
}

function clipped(value: unknown): unknown {
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return value.map(clipped);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipped(v)]));
  return value;
}

export function nextEntry(last: AuditEntry | undefined, input: AuditInput, key?: Buffer): AuditEntry {
  const asJson = (v: unknown) => (v === undefined ? undefined : clipped(JSON.parse(JSON.stringify(v))));
  const partial: Omit<AuditEntry, 'hash'> = {
    ...input,
    actor: clip(input.actor),
    action: clip(input.action),
    subject: clip(input.subject),
    seq: (last?.seq ?? 0) + 1,
    prev: last?.hash ?? '',
    ...(key ? { keyed: true as const } : {}),
  };
  if (input.before === undefined) delete partial.before;
  else partial.before = asJson(input.before);
  if (input.after === undefined) delete partial.after;
  else partial.after = asJson(input.after);
  return { ...partial, hash: entryHash(partial, key) };
}

/**
 * The outcome of a verification. `unkeyed`: how many entries (the first ones) are linked by plain
 * SHA-256 only — they show that nothing was altered by mistake, not that nobody rewrote them.
 */
export type Verification =
  { ok: true; entries: number; unkeyed?: number } | { ok: false; entries: number; firstBad: number; reason: string };

/**
 * Recomputes the chain in order and names the first entry that does not match: its own hash
 * (content altered), its link to the previous entry (an entry removed or inserted), a gap in the
 * sequence, or — with the key — an entry from `key.from` on that is not keyed (rewritten with a
 * plain hash by someone without the key). Without the key a keyed entry cannot be checked and
 * fails as such. The last entries removed are seen by no link (nothing after them links to them):
 * only against `head`, the chain's head as published out of the store's reach (`ChainAnchor`) —
 * a chain that ends before it, or holds another entry at its number, was cut or rewritten after
 * it was published.
 */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  key?: ChainKey,
  head?: { seq: number; hash: string; at: string },
): Verification {
  let prev: AuditEntry | undefined;
  let n = 0;
  let unkeyed = 0;
  for (const e of entries) {
    n += 1;
    const bad = (reason: string): Verification => ({ ok: false, entries: n, firstBad: e.seq, reason });
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq) return bad(`sequence jumps from ${expectedSeq - 1} to ${e.seq}`);
    if (e.prev !== (prev?.hash ?? '')) return bad('does not link to the entry before it');
    if (e.keyed) {
      if (!key) return bad('keyed with the audit key: verifying it needs AUDIT_KEY');
    } else {
      if (key && e.seq >= key.from)
        return bad(`made without the audit key, where the chain is keyed from entry ${key.from} on`);
      // A plain link after a keyed one: the key's protection does not simply stop.
      if (prev?.keyed) return bad('made without the audit key after a keyed entry');
      unkeyed += 1;
    }
    if (entryHash(e, e.keyed ? key?.key : undefined) !== e.hash) return bad('content does not match its hash');
    if (head && e.seq === head.seq && e.hash !== head.hash)
      return bad(`is not the entry ${head.seq} published as the chain's head (${head.at}): the chain was rewritten`);
    prev = e;
  }
  if (head && (prev?.seq ?? 0) < head.seq)
    return {
      ok: false,
      entries: n,
      firstBad: (prev?.seq ?? 0) + 1,
      reason: `the chain ends at entry ${prev?.seq ?? 0}, but its head was published at entry ${head.seq} (${head.at}): its last entries were removed`,
    };
  return unkeyed > 0 ? { ok: true, entries: n, unkeyed } : { ok: true, entries: n };
}
