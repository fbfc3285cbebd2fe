import { DocumentBusyError, DocumentLocks, Store, takeStep, type DocumentLock, type StepClaim } from '@thads/store';
import { FindingsRepository } from '../services/inspection/src/findings/findings.repository';
import { RoleGrantsRepository } from '../services/inspection/src/identity/role-grants';
import { UsersRepository } from '../services/inspection/src/identity/users.repository';
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
  const claims = () => store.collection<StepClaim>('doc_claims');
  const step = (id: string, by: number, now?: Date) =>
    takeStep({
      claims: claims(),
      key: `${id}@1`,
      now,
      apply: async () =>
        (await docs().updateOne({ _id: id, version: 0 }, { $set: { version: 1, by } })).modifiedCount === 1,
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

  it('gives up the claim of a writer that stopped before its write once it is stale, and not before', async () => {
    await docs().insertOne({ _id: 'left', version: 0 });
    const claimedAt = new Date(Date.now() - 30_000);
    await claims().insertOne({ _id: 'left@1', at: claimedAt, claimId: 'crashed' });
    // 30 s old: its writer may still be on its way; the next one is refused and changes nothing.
    expect(await step('left', 1)).toBe(false);
    expect(await docs().findOne({ _id: 'left' })).toEqual({ _id: 'left', version: 0 });
    // 90 s old: it stopped. The next writer takes the step (nobody writes the stopped one's for it).
    expect(await step('left', 2, new Date(claimedAt.getTime() + 90_000))).toBe(true);
    expect(await docs().findOne({ _id: 'left' })).toEqual({ _id: 'left', version: 1, by: 2 });
  });

  it('takes its claim back when its write finds the document moved on, so that the step stays open', async () => {
    await docs().insertOne({ _id: 'moved', version: 0 });
    const refused = await takeStep({ claims: claims(), key: 'moved@1', apply: () => Promise.resolve(false) });
    expect(refused).toBe(false);
    expect(await claims().findOne({ _id: 'moved@1' })).toBeNull();
    expect(await step('moved', 4)).toBe(true);
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
    }
  });

  it('moves a held finding once when its release and a dismissal race, even after a release aimed at the wrong hold', async () => {
    const findings = new FindingsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `H-${round}`;
      // Held at intake: revision 1. Release and dismissal both aim at revision 2.
      await findings.createMissing([
        { message: findingMessage(id), jobId: id, priority: 1, at: new Date(), suppressionId: 'S-2' },
      ]);
      // A release of a suppression that no longer holds it (its hold moved to S-2) changes nothing
      // and must leave revision 2 open to the others.
      expect(await findings.unsuppressAt(id, 'S-1', 1)).toBe(false);
      const results = await Promise.all([
        findings.unsuppressAt(id, 'S-2', 1),
        findings.unsuppressAt(id, 'S-2', 1),
        ...['a', 'b', 'c'].map((by) =>
          findings.transition(
            id,
            'open',
            {
              to: 'dismissed',
              at: new Date(),
              revision: 2,
              dismissal: { reason: 'data_error', note: by, by, at: '' },
            },
            { change: { by, at: new Date() } },
          ),
        ),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await findings.find(id);
      expect(stored?.revision).toBe(2);
      // Either released (still open, no hold) or dismissed (still held): never both.
      const released = results.indexOf(true) < 2;
      expect(stored?.status).toBe(released ? 'open' : 'dismissed');
      expect(stored?.suppressionId).toBe(released ? undefined : 'S-2');
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

  it('keeps both of two updates of different fields of one document made at once, when each holds the document', async () => {
    interface Pair {
      _id: string;
      a?: number;
      b?: number;
    }
    const pairs = () => store.collection<Pair>('pairs');
    const writers = new DocumentLocks(() => store.collection<DocumentLock>('pair_locks'));
    let lost = 0;
    for (let round = 0; round < ROUNDS * 4; round += 1) {
      const _id = `p${round}`;
      await pairs().insertOne({ _id });
      await Promise.all([
        writers.write(_id, () => pairs().updateOne({ _id }, { $set: { a: round } })),
        writers.write(_id, () => pairs().updateOne({ _id }, { $set: { b: round } })),
      ]);
      const stored = await pairs().findOne({ _id });
      if (stored?.a !== round || stored.b !== round) lost += 1;
    }
    expect(lost).toBe(0);
    // Every hold was let go.
    expect(await store.collection('pair_locks').countDocuments()).toBe(0);
  });

  it('gives up the hold of a writer that stopped while holding a document once it is stale, and waits on a live one', async () => {
    const locks = () => store.collection<DocumentLock>('held_locks');
    const writers = new DocumentLocks(locks, { staleMs: 20_000, waitMs: 500 });
    await locks().insertOne({ _id: 'live', at: new Date(), holder: 'someone' });
    const busy = writers.write('live', () => Promise.resolve('written'));
    await expect(busy).rejects.toThrow(DocumentBusyError);
    await expect(busy).rejects.toMatchObject({ name: 'DocumentBusyError', documentId: 'live' });
    await locks().insertOne({ _id: 'stopped', at: new Date(Date.now() - 25_000), holder: 'crashed' });
    await expect(writers.write('stopped', () => Promise.resolve('written'))).resolves.toBe('written');
    expect(await locks().findOne({ _id: 'stopped' })).toBeNull();
  });

  it('keeps the assignee of a finding assigned while a lifted suppression gives it back (seen lost in CI)', async () => {
    const findings = new FindingsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `A-${round}`;
      await findings.createMissing([
        { message: findingMessage(id), jobId: id, priority: 1, at: new Date(), suppressionId: 'S-9' },
      ]);
      const [released] = await Promise.all([
        findings.unsuppressAt(id, 'S-9', 1),
        findings.assign(id, 'insp', new Date()),
        findings.markOnce(id, 'remindedAt', new Date()),
      ]);
      expect(released).toBe(true);
      const stored = await findings.find(id);
      expect(stored).toMatchObject({ assignee: 'insp', revision: 2 });
      expect(stored?.suppressionId).toBeUndefined();
      expect(stored?.remindedAt).toBeInstanceOf(Date);
    }
  });

  /** A user as an administrator creates one. */
  const inspector = (username: string) => ({
    _id: username,
    passwordHash: 'x',
    roles: ['inspector' as const],
    unitId: 'DT',
    mustChangePassword: false,
    signIn: { failures: [] },
    createdAt: new Date(),
  });

  it("keeps a raise of a user's session epoch made while the user's sign-in and name are recorded", async () => {
    const users = new UsersRepository(store, () => Promise.resolve());
    for (let round = 0; round < ROUNDS; round += 1) {
      const username = `u${round}`;
      await users.insert(inspector(username));
      await Promise.all([
        users.endSessions(username),
        users.setSignIn(username, { failures: [], lockedUntil: round }),
        users.update(username, { name: `n${round}` }),
      ]);
      // Raised, and marked for announcement until the (here silent) announcement clears it.
      expect(await users.get(username)).toMatchObject({
        tokenEpoch: 1,
        signIn: { lockedUntil: round },
        name: `n${round}`,
      });
    }
  });

  it('keeps a new version of a proceeding written while the announcements of the one before are cleared', async () => {
    const proceedings = new ProceedingsRepository(store);
    for (let round = 0; round < ROUNDS; round += 1) {
      const v1 = {
        _id: `Q-${round}`,
        version: 1,
        status: 'opened',
        updatedAt: 'v1',
        pending: [{ x: 1 }],
        pendingAudit: [],
        unsent: true,
      } as unknown as ProceedingDoc;
      expect(await proceedings.insert(v1)).toBe(true);
      const v2 = { ...v1, version: 2, updatedAt: 'v2', pending: [{ x: 2 }] } as unknown as ProceedingDoc;
      const [, replaced] = await Promise.all([proceedings.clearPending(v1._id, 1), proceedings.replace(v2, 1)]);
      expect(replaced).toBe(true);
      // Version 2 whole, with its own announcements still pending.
      expect(await proceedings.get(v1._id)).toMatchObject({
        version: 2,
        updatedAt: 'v2',
        pending: [{ x: 2 }],
        unsent: true,
      });
    }
  });

  it('lets exactly one of several writers waiting on a stale hold take it over, then each in turn', async () => {
    const writers = new DocumentLocks(() => store.collection<DocumentLock>('takeover_locks'), { staleMs: 2_000 });
    for (let round = 0; round < 6; round += 1) {
      const id = `t${round}`;
      await store
        .collection<DocumentLock>('takeover_locks')
        .insertOne({ _id: id, at: new Date(Date.now() - 5_000), holder: 'crashed' });
      let inside = 0;
      let most = 0;
      const work = async () => {
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 20));
        inside -= 1;
      };
      await Promise.all(Array.from({ length: WRITERS }, () => writers.write(id, work)));
      expect(most).toBe(1);
    }
  });

  it('takes a claim back when the write of its step fails, so that the step stays open', async () => {
    await docs().insertOne({ _id: 'failing', version: 0 });
    await expect(
      takeStep({ claims: claims(), key: 'failing@1', apply: () => Promise.reject(new Error('store away')) }),
    ).rejects.toThrow('store away');
    expect(await claims().findOne({ _id: 'failing@1' })).toBeNull();
    expect(await step('failing', 3)).toBe(true);
  });

  it('keeps the roles of two grants for one user approved at once', async () => {
    const users = new UsersRepository(store, () => Promise.resolve());
    for (let round = 0; round < ROUNDS; round += 1) {
      const username = `g${round}`;
      await users.insert(inspector(username));
      await Promise.all([
        users.addRoles(username, ['inspection_supervisor']),
        users.addRoles(username, ['leadership']),
      ]);
      expect((await users.get(username))?.roles.sort()).toEqual(['inspection_supervisor', 'inspector', 'leadership']);
    }
  });
});
