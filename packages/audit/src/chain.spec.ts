import { randomBytes } from 'node:crypto';
import { MAX_AUDIT_STRING, canonical, nextEntry, parseAuditKey, verifyChain, type AuditEntry } from './chain';

function input(i: number) {
  return {
    at: `2026-01-0${(i % 9) + 1}T09:00:00+07:00`,
    actor: `user:${i % 2 ? 'insp-1' : 'sup-1'}`,
    action: 'finding.transition',
    subject: `finding:F${i}`,
    before: { status: 'open' },
    after: { status: 'triaged', note: `n${i}` },
  };
}

/** `n` entries after `start` (their numbers go on from it), linked with `key` when given. */
function chain(n: number, key?: Buffer, start: AuditEntry[] = []): AuditEntry[] {
  const out = [...start];
  for (let i = 0; i < n; i += 1) out.push(nextEntry(out[out.length - 1], input(out.length), key));
  return out;
}

/** What someone who can write the store does: alters entry `at` and recomputes it and every entry after it. */
function rewrite(c: AuditEntry[], at: number, change: Partial<AuditEntry>, key?: Buffer): AuditEntry[] {
  const out = c.slice(0, at);
  for (const e of c.slice(at)) {
    const { seq: _s, prev: _p, hash: _h, keyed: _k, ...content } = out.length === at ? { ...e, ...change } : e;
    out.push(nextEntry(out[out.length - 1], content, key));
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain, saying how many of its entries no key protects', () => {
    expect(verifyChain(chain(20))).toEqual({ ok: true, entries: 20, unkeyed: 20 });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0 });
  });

  it('names the first altered entry', () => {
    const c = chain(10);
    c[6] = { ...c[6]!, after: { status: 'closed', note: 'n6' } };
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: 7, reason: 'content does not match its hash' });
  });

  it('names an entry re-hashed after tampering by its broken link, and a removed entry by the gap', () => {
    const c = chain(10);
    const tampered = { ...c[3]!, actor: 'user:someone-else' };
    const rehashed = nextEntry(c[2], tampered);
    c[3] = rehashed;
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: 5, reason: 'does not link to the entry before it' });
    const d = chain(10);
    d.splice(4, 1);
    expect(verifyChain(d)).toMatchObject({ ok: false, firstBad: 6 });
  });

  it('hashes the same content the same whatever the key order', () => {
    expect(canonical({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonical({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('hashes what the store gives back: no undefined, dates as text', () => {
    const e = nextEntry(undefined, {
      at: 'now',
      actor: 'a',
      action: 'x',
      subject: 's',
      after: { gone: undefined, when: new Date(0), n: 1 },
    });
    expect(e.after).toEqual({ when: '1970-01-01T00:00:00.000Z', n: 1 });
    const roundTripped = JSON.parse(JSON.stringify(e)) as typeof e;
    expect(verifyChain([roundTripped])).toEqual({ ok: true, entries: 1, unkeyed: 1 });
  });

  it('cuts what a caller controls to 1000 characters, saying how much was left out', () => {
    const url = `GET /api/findings/${'x'.repeat(10_240)}`;
    const e = nextEntry(undefined, {
      at: 't',
      actor: 'user:u',
      action: 'access.denied',
      subject: url,
      after: { why: url },
    });
    expect(e.subject).toHaveLength(MAX_AUDIT_STRING + ` (${url.length - MAX_AUDIT_STRING} more characters)`.length + 1);
    expect(e.subject.endsWith(`… (${url.length - MAX_AUDIT_STRING} more characters)`)).toBe(true);
    expect((e.after as { why: string }).why).toBe(e.subject);
    expect(verifyChain([e]).ok).toBe(true);
  });
});

describe('audit chain linked with a key', () => {
  const key = randomBytes(32);
  const withKey = { key, from: 1 };

  it('verifies with the key, and only with it', () => {
    const c = chain(12, key);
    expect(c.every((e) => e.keyed)).toBe(true);
    expect(verifyChain(c, withKey)).toEqual({ ok: true, entries: 12 });
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: 1, reason: expect.stringMatching(/needs AUDIT_KEY/) });
    expect(verifyChain(c, { key: randomBytes(32), from: 1 })).toMatchObject({ ok: false, firstBad: 1 });
  });

  it('refuses an entry rewritten in the store with the chain recomputed as plain SHA-256 after it', () => {
    const forged = rewrite(chain(12, key), 4, { actor: 'user:mallory' });
    // The forgery is a perfectly good plain chain from entry 5 on...
    expect(forged[4]).toMatchObject({ seq: 5, actor: 'user:mallory' });
    // ...which the key shows up.
    expect(verifyChain(forged, withKey)).toMatchObject({
      ok: false,
      firstBad: 5,
      reason: 'made without the audit key, where the chain is keyed from entry 1 on',
    });
  });

  it('refuses an entry rewritten with the chain recomputed under another key, or marked keyed without one', () => {
    const otherKey = rewrite(chain(12, key), 4, { actor: 'user:mallory' }, randomBytes(32));
    expect(verifyChain(otherKey, withKey)).toMatchObject({
      ok: false,
      firstBad: 5,
      reason: 'content does not match its hash',
    });
    const c = chain(12, key);
    const plainMarkedKeyed = rewrite(c, 4, { actor: 'user:mallory' }).map((e, i) =>
      i >= 4 ? { ...e, keyed: true as const } : e,
    );
    expect(verifyChain(plainMarkedKeyed, withKey)).toMatchObject({ ok: false, firstBad: 5 });
  });

  it('keeps a chain begun without a key: plain entries up to where its keyed segment starts, anchored by it', () => {
    const legacy = chain(5);
    const c = chain(7, key, legacy);
    expect(c.map((e) => Boolean(e.keyed))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    // Where the keyed segment starts is told by the operator (AUDIT_KEYED_FROM), not read from the store.
    expect(verifyChain(c, { key, from: 6 })).toEqual({ ok: true, entries: 12, unkeyed: 5 });
    expect(verifyChain(c, withKey)).toMatchObject({ ok: false, firstBad: 1 });
    // Rewriting the plain part, even recomputed, breaks the first keyed link: it covers the hash before it.
    const forged = rewrite(c.slice(0, 5), 2, { actor: 'user:mallory' }).concat(c.slice(5));
    expect(verifyChain(forged, { key, from: 6 })).toMatchObject({
      ok: false,
      firstBad: 6,
      reason: 'does not link to the entry before it',
    });
  });

  it('refuses a plain entry after a keyed one even before the configured start', () => {
    const c = rewrite(chain(8, key), 6, {});
    expect(verifyChain(c, { key, from: 20 })).toMatchObject({
      ok: false,
      firstBad: 7,
      reason: 'made without the audit key after a keyed entry',
    });
  });

  it('sees the last entries removed, or the chain rewritten below it, only against a published head', () => {
    const key = { key: randomBytes(32), from: 1 };
    const c = chain(10, key.key);
    const head = { seq: 8, hash: c[7]!.hash, at: c[7]!.at };
    // Grown past the head, or exactly at it: nothing to say.
    expect(verifyChain(c, key, head)).toEqual({ ok: true, entries: 10 });
    expect(verifyChain(c.slice(0, 8), key, head)).toEqual({ ok: true, entries: 8 });
    // Cut after the head was published: every link still holds, only the head shows it.
    expect(verifyChain(c.slice(0, 6), key)).toEqual({ ok: true, entries: 6 });
    expect(verifyChain(c.slice(0, 6), key, head)).toMatchObject({
      ok: false,
      firstBad: 7,
      reason: expect.stringContaining('its last entries were removed') as unknown,
    });
    expect(verifyChain([], key, head)).toMatchObject({ ok: false, firstBad: 1 });
    // Cut, then grown again by the service under the same numbers: the entry at the head's number differs.
    const regrown = c.slice(0, 6);
    for (let i = 0; i < 4; i += 1)
      regrown.push(nextEntry(regrown[regrown.length - 1], { ...input(i), action: 'user.created' }, key.key));
    expect(verifyChain(regrown, key)).toEqual({ ok: true, entries: 10 });
    expect(verifyChain(regrown, key, head)).toMatchObject({
      ok: false,
      firstBad: 8,
      reason: expect.stringContaining('the chain was rewritten') as unknown,
    });
  });

  it('takes the key as 64 hex digits and nothing else', () => {
    expect(parseAuditKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(() => parseAuditKey('ab'.repeat(16))).toThrow(/64 hex digits/);
    expect(() => parseAuditKey('zz'.repeat(32))).toThrow(/64 hex digits/);
  });
});
