import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AuditTrail, PublishedChainHeads, entryHash, nextEntry, type AuditEntry } from '@thads/audit';
import { Store } from '@thads/store';
import { auditKeyOf, dropNamespace, infra, namespace, openDb, startInspection, waitFor } from './support/harness';

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
    expect(await a.verify()).toEqual({ ok: true, entries: 20, unkeyed: 20 });
    expect((await b.page(1, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const { db, close } = await openDb(ns);
    await db.collection('audit_trail').updateOne({ _id: 7 as never }, { $set: { actor: 'user:mallory' } });
    await close();
    expect(await a.verify()).toMatchObject({ ok: false, firstBad: 7, reason: 'content does not match its hash' });
    await Promise.all(stores.map((s) => s.close()));
  });

  it('appendOnce: the same step appended from two processes at once, again and again, is one entry; its lookup finds it', async () => {
    const collection = 'audit_once';
    const stores = [new Store(infra.mongoUrl, ns.db), new Store(infra.mongoUrl, ns.db)];
    await Promise.all(stores.map((s) => s.connect()));
    try {
      const [a, b] = stores.map((s) => new AuditTrail(s, { collection })) as [AuditTrail, AuditTrail];
      const step = (i: number) => ({
        at: new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString(),
        actor: 'system:relay',
        action: 'proceeding.step',
        subject: `proceeding:P${i % 3}`,
        after: { status: 'council_formed' },
      });
      // Five steps, each appended four times by each process, all eight at the same moment.
      for (let i = 0; i < 5; i += 1)
        await Promise.all(
          Array.from({ length: 8 }, (_, k) => (k % 2 === 0 ? a : b).appendOnce(`proceeding:P${i % 3}:v${i}`, step(i))),
        );
      const entries = await a.page(1, 100);
      expect(entries.map((e) => (e.after as { entryId: string }).entryId)).toEqual(
        Array.from({ length: 5 }, (_, i) => `proceeding:P${i % 3}:v${i}`),
      );
      expect(await b.verify()).toEqual({ ok: true, entries: 5, unkeyed: 5 });
      expect(await b.lookup('proceeding:P1:v1')).toMatchObject({ seq: 2, after: { status: 'council_formed' } });
      expect(await b.lookup('proceeding:P9:v9')).toBeUndefined();
      // A plain append beside them is not deduplicated.
      await a.append(step(0));
      await a.append(step(0));
      expect((await a.page(1, 100)).length).toBe(7);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keyed: refuses an entry rewritten in the store with the chain recomputed after it by someone without the key', async () => {
    const key = { key: randomBytes(32), from: 1 };
    const collection = 'audit_trail_keyed';
    const store = new Store(infra.mongoUrl, ns.db);
    await store.connect();
    const trail = new AuditTrail(store, { key, collection });
    for (let i = 0; i < 10; i += 1)
      await trail.append({
        at: `2026-01-01T09:0${i}:00Z`,
        actor: 'user:a',
        action: 'finding.transition',
        subject: `finding:F${i}`,
      });
    expect(await trail.verify()).toEqual({ ok: true, entries: 10 });

    // Someone who can write the store but has no key rewrites entry 4 and recomputes the chain on from it.
    const { db, close } = await openDb(ns);
    const docs = await db.collection<AuditEntry & { _id: number }>(collection).find().sort({ _id: 1 }).toArray();
    const entries = docs.map(({ _id: _ignored, ...e }) => e);
    const forged = entries.slice(0, 3);
    for (const e of entries.slice(3)) {
      const { seq: _s, prev: _p, hash: _h, keyed: _k, ...content } = e.seq === 4 ? { ...e, actor: 'user:mallory' } : e;
      forged.push(nextEntry(forged[forged.length - 1], content));
    }
    for (const e of forged.slice(3)) await db.collection(collection).replaceOne({ _id: e.seq as never }, { ...e });
    await close();
    // The forger's links hold (each rewritten entry names the hash before it and matches its own
    // SHA-256: all an unkeyed chain checks)...
    expect(forged.slice(3).every((e, i) => e.prev === forged[i + 2]!.hash && e.hash === entryHash(e))).toBe(true);
    // ...and the key refuses them from the first rewritten entry.
    expect(await trail.verify()).toMatchObject({
      ok: false,
      firstBad: 4,
      reason: 'made without the audit key, where the chain is keyed from entry 1 on',
    });
    await store.close();
  });

  it('anchored: the last entries removed from the store are seen against the head the service published, also after a restart', async () => {
    const service = namespace();
    let app: INestApplication | undefined;
    try {
      app = await startInspection(service);
      const trail = app.get(AuditTrail);
      for (let i = 0; i < 6; i += 1)
        await trail.append({
          at: `2026-01-01T09:0${i}:00Z`,
          actor: 'user:a',
          action: 'finding.transition',
          subject: `finding:F${i}`,
        });
      const last = (await trail.page(1, 1000)).at(-1)!;
      const heads = app.get(PublishedChainHeads);
      // Published, and read back from the topic.
      await waitFor('the head published and read back', () => heads.head()?.seq === last.seq);
      expect(await trail.verify()).toMatchObject({ ok: true });

      // Whoever can write the store removes the last two entries: every link still holds.
      const { db, close } = await openDb(service);
      await db.collection('audit_trail').deleteMany({ _id: { $gt: last.seq - 2 } as never });
      await close();
      const unanchored = new Store(infra.mongoUrl, service.db);
      await unanchored.connect();
      expect(
        await new AuditTrail(unanchored, { key: { key: Buffer.from(auditKeyOf(service), 'hex'), from: 1 } }).verify(),
      ).toMatchObject({ ok: true });
      await unanchored.close();
      // The service, holding it against the published head, does not.
      const removed = {
        ok: false,
        firstBad: last.seq - 1,
        reason: expect.stringContaining('its last entries were removed') as unknown,
      };
      expect(await trail.verify()).toMatchObject(removed);

      // Restarted, it reads the heads from the topic again before it vouches for the chain's end:
      // asked at once, it waits for them (or answers 503), never a plain ok.
      await app.close();
      app = await startInspection(service);
      expect(await app.get(AuditTrail).verify()).toMatchObject(removed);
      expect(app.get(PublishedChainHeads).head()?.seq).toBe(last.seq);
    } finally {
      await app?.close();
      await dropNamespace(service);
    }
  }, 120_000);
});
