import { MAX_AUDIT_STRING, canonical, nextEntry, verifyChain, type AuditEntry } from './chain';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i += 1) {
    out.push(
      nextEntry(out[out.length - 1], {
        at: `2026-01-0${(i % 9) + 1}T09:00:00+07:00`,
        actor: `user:${i % 2 ? 'insp-1' : 'sup-1'}`,
        action: 'finding.transition',
        subject: `finding:F${i}`,
        before: { status: 'open' },
        after: { status: 'triaged', note: `n${i}` },
      }),
    );
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(20))).toEqual({ ok: true, entries: 20 });
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
    expect(verifyChain([roundTripped])).toEqual({ ok: true, entries: 1 });
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
