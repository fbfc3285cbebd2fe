// Measures what the store does with writes racing on one document (ADR 0012): conditional
// updates, inserts of one key, and updates of two different fields. Against the local stack's
// store by default (MONGO_URL to point elsewhere); uses a database of its own and drops it.
//   npm run bench:store-races
import { MongoClient } from 'mongodb';

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
  console.log(`store: ${url.replace(/\/\/[^@]*@/, '//')}`);
  console.log('| what ran at once, on one document | rounds | with the race lost |');
  console.log('| --- | --- | --- |');
  console.log(`| 4 × conditional updateOne({ _id, v: 0 }) | 40 | ${conditional} had more than one writer succeed |`);
  console.log(`| 4 × insertOne of the same _id | 40 | ${inserts} had other than exactly one insert |`);
  console.log(`| 2 × updateOne of different fields | 1000 | ${fields} lost one of the two fields |`);
} finally {
  await db.dropDatabase();
  await client.close();
}
