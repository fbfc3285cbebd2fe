import { Store, takeStep, type StepClaim } from '@thads/store';
import { FindingsRepository } from '../services/inspection/src/findings/findings.repository';
import { RoleGrantsRepository } from '../services/inspection/src/identity/role-grants';
import { ProceedingsRepository } from '../services/discipline/src/proceedings/proceedings.repository';
import type { ProceedingDoc } from '../services/discipline/src/proceedings/proceeding-record';
import { findingMessage } from './support/inspection-client';
import { dropNamespace, infra, namespace } from './support/harness';

/**
 * Steps taken once on the real store (ADR 0012). FerretDB v1 runs a conditional update as a read
 * then a write, so that several writers racing with `updateOne({ _id, version: n }, …)` all
 * succeeded (26 of 40 rounds of four had more than one winner on the local store); each of these
 * tests fails that way without the claims. On MongoDB the same tests pass either way.
 */
describe('steps taken once: of writers racing for one step, exactly one goes on', () => {
  const ns = namespace();
  const store = new Store(infra.mongoUrl, ns.db);
  const WRITERS = 6;
  const ROUNDS = 12;

  beforeAll(() => store.connect());
  afterAll(async () => {
    await store.close();
    await dropNamespace(ns);
  });

  interface Doc {
    _id: string;
    version: number;
    by?: number;
  }
  const docs = () => store.collection<Doc>('docs');
  const claims = () => store.collection<StepClaim<{ by: number }>>('doc_claims');
  const step = (id: string, by: number, now?: Date) =>
    takeStep({
      claims: claims(),
      key: `${id}@1`,
      payload: { by },
      now,
      apply: async (p) =>
        (await docs().updateOne({ _id: id, version: 0 }, { $set: { version: 1, by: p.by } })).modifiedCount === 1,
      taken: async () => ((await docs().findOne({ _id: id }))?.version ?? 0) >= 1,
    });

  it('lets one writer of each round through, and the document holds what that one wrote', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `d${round}`;
      await docs().insertOne({ _id: id, version: 0 });
      const results = await Promise.all(Array.from({ length: WRITERS }, (_, by) => step(id, by)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await docs().findOne({ _id: id }))?.by).toBe(results.indexOf(true));
    }
  });

  it('finishes the step of a writer that stopped after its claim, once the claim is stale, and not before', async () => {
    await docs().insertOne({ _id: 'left', version: 0 });
    const claimedAt = new Date(Date.now() - 30_000);
    await claims().insertOne({ _id: 'left@1', at: claimedAt, payload: { by: 7 } });
    // 30 s old: the writer may still be on its way; the next one is refused and changes nothing.
    expect(await step('left', 1)).toBe(false);
    expect(await docs().findOne({ _id: 'left' })).toEqual({ _id: 'left', version: 0 });
    // 90 s old: it stopped. The next writer writes what it claimed, and is refused (it read version 0).
    expect(await step('left', 2, new Date(claimedAt.getTime() + 90_000))).toBe(false);
    expect(await docs().findOne({ _id: 'left' })).toEqual({ _id: 'left', version: 1, by: 7 });
  });

  it('answers true to a writer whose step another finished for it (it was paused past the stale limit)', async () => {
    await docs().insertOne({ _id: 'paused', version: 1, by: 3 });
    await claims().insertOne({ _id: 'paused@1', at: new Date(), payload: { by: 3 } });
    const taken = await takeStep({
      claims: store.collection<StepClaim<{ by: number }>>('other_claims'),
      key: 'paused@1',
      payload: { by: 3 },
      apply: () => Promise.resolve(false),
      taken: async () => ((await docs().findOne({ _id: 'paused' }))?.version ?? 0) >= 1,
    });
    expect(taken).toBe(true);
  });

  it('moves a finding once when several people change its status at once', async () => {
    const findings = new FindingsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `F-${round}`;
      await findings.createMissing([{ message: findingMessage(id), jobId: id, priority: 1, at: new Date() }]);
      const targets = ['triaged', 'dismissed', 'triaged', 'dismissed', 'triaged', 'dismissed'] as const;
      const results = await Promise.all(
        targets.map((to, i) =>
          findings.transition(
            id,
            'open',
            {
              to,
              at: new Date(),
              revision: 1,
              ...(to === 'dismissed'
                ? { dismissal: { reason: 'data_error', note: `n${i}`, by: `u${i}`, at: '' } }
                : {}),
            },
            { change: { by: `u${i}`, at: new Date() } },
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      const stored = await findings.find(id);
      expect(stored).toMatchObject({ status: targets[winner], revision: 1 });
      if (targets[winner] === 'dismissed') expect(stored?.dismissal?.note).toBe(`n${winner}`);
      // A release from a suppression at the same revision is refused too (it races for revision 1 as well).
      expect(await findings.unsuppressAt(id, 'S-1', 0)).toBe(false);
    }
  });

  it('saves one of several versions of a proceeding written at once (two council members voting together)', async () => {
    const proceedings = new ProceedingsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const base = { _id: `P-${round}`, version: 1, status: 'opened', updatedAt: 'v1' } as unknown as ProceedingDoc;
      expect(await proceedings.insert(base)).toBe(true);
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          proceedings.replace({ ...base, version: 2, updatedAt: `vote-${i}` }, 1),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await proceedings.get(base._id))?.updatedAt).toBe(`vote-${results.indexOf(true)}`);
    }
  });

  it('decides a role grant once when two administrators decide it at once', async () => {
    const grants = new RoleGrantsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const g = await grants.request(`user${round}`, 'DT', ['admin'], 'admin');
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => grants.decide(g._id, i % 2 ? 'approved' : 'rejected', `admin${i}`)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await grants.get(g._id)).toMatchObject({
        status: winner % 2 ? 'approved' : 'rejected',
        decidedBy: `admin${winner}`,
      });
    }
  });
});
