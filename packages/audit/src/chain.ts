import { createHash } from 'node:crypto';

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
  hash: string;
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'prev' | 'hash'>;

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

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonical({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        before: e.before,
        after: e.after,
        prev: e.prev,
      }),
    )
    .digest('hex');
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

export function nextEntry(last: AuditEntry | undefined, input: AuditInput): AuditEntry {
  const asJson = (v: unknown) => (v === undefined ? undefined : clipped(JSON.parse(JSON.stringify(v))));
  const partial: Omit<AuditEntry, 'hash'> = {
    ...input,
    actor: clip(input.actor),
    action: clip(input.action),
    subject: clip(input.subject),
    seq: (last?.seq ?? 0) + 1,
    prev: last?.hash ?? '',
  };
  if (input.before === undefined) delete partial.before;
  else partial.before = asJson(input.before);
  if (input.after === undefined) delete partial.after;
  else partial.after = asJson(input.after);
  return { ...partial, hash: entryHash(partial) };
}

export type Verification =
  { ok: true; entries: number } | { ok: false; entries: number; firstBad: number; reason: string };

/**
 * Recomputes the chain in order and names the first entry that does not match: its own hash
 * (content altered), its link to the previous entry (an entry removed or inserted), or a gap
 * in the sequence.
 */
export function verifyChain(entries: Iterable<AuditEntry>): Verification {
  let prev: AuditEntry | undefined;
  let n = 0;
  for (const e of entries) {
    n += 1;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq)
      return { ok: false, entries: n, firstBad: e.seq, reason: `sequence jumps from ${expectedSeq - 1} to ${e.seq}` };
    if (e.prev !== (prev?.hash ?? ''))
      return { ok: false, entries: n, firstBad: e.seq, reason: 'does not link to the entry before it' };
    if (entryHash(e) !== e.hash)
      return { ok: false, entries: n, firstBad: e.seq, reason: 'content does not match its hash' };
    prev = e;
  }
  return { ok: true, entries: n };
}
