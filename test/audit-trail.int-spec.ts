import { AuditTrail } from '@thads/audit';
import { Store } from '@thads/store';
import { dropNamespace, infra, namespace, openDb } from './support/harness';

describe('audit trail on the real store', () => {
  const ns = namespace();
  afterAll(() => dropNamespace(ns));

  it('chains appends from two writers without forking, verifies, and names the entry altered in the store', async () => {
    // Two processes: each its own connection and trail.
    const stores = [new Store(infra.mongoUrl, ns.db), new Store(infra.mongoUrl, ns.db)];
    await Promise.all(stores.map((s) => s.connect()));
    const [a, b] = stores.map((s) => new AuditTrail(s)) as [AuditTrail, AuditTrail];
    const entry = (i: number, who: string) => ({
      at: new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString(),
      actor: who,
      action: 'finding.transition',
      subject: `finding:F${i}`,
      before: { status: 'open' },
      after: { status: 'triaged' },
    });
    // Interleaved appends from two processes' repositories, some at the same moment.
    for (let i = 0; i < 10; i += 1) await Promise.all([a.append(entry(i, 'user:a')), b.append(entry(i, 'user:b'))]);
    expect(await a.verify()).toEqual({ ok: true, entries: 20 });
    expect((await b.page(1, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const { db, close } = await openDb(ns);
    await db.collection('audit_trail').updateOne({ _id: 7 as never }, { $set: { actor: 'user:mallory' } });
    await close();
    expect(await a.verify()).toMatchObject({ ok: false, firstBad: 7, reason: 'content does not match its hash' });
    await Promise.all(stores.map((s) => s.close()));
  });
});
