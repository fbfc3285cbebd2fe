// Measures what the store does with writes racing on one document (ADR 0012): conditional
// updates, inserts of one key, updates of two different fields without and with a hold on the
// document (DocumentLocks, built: npm run build), and what a hold costs. Against the local stack's
// store by default (MONGO_URL to point elsewhere); uses a database of its own and drops it.
//   npm run bench:store-races
import { MongoClient } from 'mongodb';
import store from '@thads/store';

const { DocumentLocks } = store;

const url = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}/?retryWrites=false`;
const client = await MongoClient.connect(url, { maxPoolSize: 20 });
const db = client.db(`store_races_${process.pid}`);
const ok = (p) =>
  p.then(
    () => true,
    (e) => {
      if (e.code === 11000) return false;
      throw e;
    },
  );

async function rounds(n, race) {
  let lost = 0;
  for (let r = 0; r < n; r += 1) if (await race(`r${r}`)) lost += 1;
  return lost;
}

try {
  const docs = db.collection('docs');
  const conditional = await rounds(40, async (id) => {
    await docs.insertOne({ _id: `c-${id}`, v: 0 });
    const res = await Promise.all(
      [0, 1, 2, 3].map((by) => docs.updateOne({ _id: `c-${id}`, v: 0 }, { $set: { v: 1, by } })),
    );
    return res.filter((x) => x.modifiedCount === 1).length > 1;
  });
  const claims = db.collection('claims');
  const inserts = await rounds(40, async (id) => {
    const res = await Promise.all([0, 1, 2, 3].map((by) => ok(claims.insertOne({ _id: `i-${id}`, by }))));
    return res.filter(Boolean).length !== 1;
  });
  const fields = await rounds(1000, async (id) => {
    await docs.insertOne({ _id: `f-${id}` });
    await Promise.all([
      docs.updateOne({ _id: `f-${id}` }, { $set: { a: 1 } }),
      docs.updateOne({ _id: `f-${id}` }, { $set: { b: 1 } }),
    ]);
    const d = await docs.findOne({ _id: `f-${id}` });
    return !(d.a === 1 && d.b === 1);
  });
  const writers = new DocumentLocks(() => db.collection('locks'));
  const held = await rounds(1000, async (id) => {
    await docs.insertOne({ _id: `h-${id}` });
    await Promise.all([
      writers.write(`h-${id}`, () => docs.updateOne({ _id: `h-${id}` }, { $set: { a: 1 } })),
      writers.write(`h-${id}`, () => docs.updateOne({ _id: `h-${id}` }, { $set: { b: 1 } })),
    ]);
    const d = await docs.findOne({ _id: `h-${id}` });
    return !(d.a === 1 && d.b === 1);
  });
  // One writer, one update after another: the price of the hold when nobody competes.
  const timed = async (write) => {
    await docs.insertOne({ _id: 't' }).catch(() => undefined);
    const t0 = performance.now();
    for (let i = 0; i < 500; i += 1) await write(i);
    return (performance.now() - t0) / 500;
  };
  const plainMs = await timed((i) => docs.updateOne({ _id: 't' }, { $set: { n: i } }));
  const heldMs = await timed((i) => writers.write('t', () => docs.updateOne({ _id: 't' }, { $set: { n: i } })));
  console.log(`store: ${url.replace(/\/\/[^@]*@/, '//')}`);
  console.log('| what ran at once, on one document | rounds | with the race lost |');
  console.log('| --- | --- | --- |');
  console.log(`| 4 × conditional updateOne({ _id, v: 0 }) | 40 | ${conditional} had more than one writer succeed |`);
  console.log(`| 4 × insertOne of the same _id | 40 | ${inserts} had other than exactly one insert |`);
  console.log(`| 2 × updateOne of different fields | 1000 | ${fields} lost one of the two fields |`);
  console.log(`| 2 × updateOne of different fields, each holding the document | 1000 | ${held} lost one |`);
  console.log(
    `one update by _id, uncontended: ${plainMs.toFixed(2)} ms plain, ${heldMs.toFixed(2)} ms holding the document`,
  );
} finally {
  await db.dropDatabase();
  await client.close();
}
