import { CheckpointLog } from '@thads/store';
import { namespace, openDb, dropNamespace } from './support/harness';

interface S {
  id: string;
  n: number;
}

describe('CheckpointLog on the real store', () => {
  const ns = namespace();
  let store: Awaited<ReturnType<typeof openDb>>;
  beforeAll(async () => {
    store = await openDb(ns);
  });
  afterAll(async () => {
    await store.close();
    await dropNamespace(ns);
  });

  const names = async () =>
    (await store.db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((n) => n.startsWith('ckpt_t_0_'))
      .sort();

  it('reads back the latest state per key, with forgotten keys gone and the figures of the last checkpoint', async () => {
    const a = new CheckpointLog<S, { clock: number }>(store.db, 't', (s) => s.id);
    expect(await a.load(0)).toEqual({ states: [] });
    const all = new Map<string, S>();
    const put = async (states: S[], clock: number, removed: string[] = []) => {
      for (const s of states) all.set(s.id, s);
      for (const k of removed) all.delete(k);
      await a.append(0, states, { clock }, () => [...all.values()], removed);
    };
    await put(
      [
        { id: 'x', n: 1 },
        { id: 'y', n: 1 },
      ],
      1,
    );
    await put([{ id: 'x', n: 2 }], 2);
    await put([], 3, ['y']);
    const b = new CheckpointLog<S, { clock: number }>(store.db, 't', (s) => s.id);
    expect(await b.load(0)).toEqual({ states: [{ id: 'x', n: 2 }], meta: { clock: 3 } });
  });

  it('starts a new generation with a full snapshot once the deltas outweigh it, and drops the old one', async () => {
    const a = new CheckpointLog<S & { pad: string }, { clock: number }>(store.db, 't', (s) => s.id);
    await a.load(0);
    const before = await names();
    const all = new Map<string, S & { pad: string }>();
    // 1.2 MB of deltas (the threshold is 1 MB) across 12 batches of one 100 kB state each.
    for (let i = 0; i < 12; i += 1) {
      const s = { id: `k${i % 3}`, n: i, pad: 'x'.repeat(100_000) };
      all.set(s.id, s);
      await a.append(0, [s], { clock: i }, () => [...all.values()]);
    }
    const after = await names();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    const b = new CheckpointLog<S & { pad: string }, { clock: number }>(store.db, 't', (s) => s.id);
    const loaded = await b.load(0);
    expect(loaded.states.map((s) => [s.id, s.n]).sort()).toEqual([
      ['k0', 9],
      ['k1', 10],
      ['k2', 11],
    ]);
    expect(loaded.meta).toEqual({ clock: 11 });
  });

  it('ignores a newer generation whose snapshot never completed (a compaction cut short)', async () => {
    const current = (await names())[0]!;
    const gen = Number(current.split('_').pop());
    // A snapshot of two parts of which only one was written.
    await store.db.collection(`ckpt_t_0_${gen + 1}`).insertOne({
      _id: '1:zz:0' as never,
      seq: 1,
      writer: 'zz',
      part: 0,
      parts: 2,
      full: true,
      meta: { clock: 99 },
      data: '[]',
      bytes: 2,
      writtenAt: new Date(),
    });
    const c = new CheckpointLog<S, { clock: number }>(store.db, 't', (s) => s.id);
    const loaded = await c.load(0);
    expect(loaded.meta).toEqual({ clock: 11 });
    expect(await names()).toEqual([current]);
  });
});
