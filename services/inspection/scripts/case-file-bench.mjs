// How long the case file's timeline query takes with many stored events (FerretDB v1 reads a
// whole collection for any query but `_id`: the events are spread over buckets by case).
// Usage: npm run bench:case-file -- [EVENTS] [BUCKETS]   (infrastructure running: npm run infra)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CaseEventsRepository } = require('../dist/case-file/case-events.repository.js');
const { Store } = require('@thads/store');
const { MongoClient } = require('mongodb');

const events = Number(process.argv[2] ?? 200_000);
const buckets = Number(process.argv[3] ?? 64);
const perCase = 10;
const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const db = `bench_casefile_${Date.now()}`;
const store = new Store(url, db);
const repo = new CaseEventsRepository(store, buckets);
await store.connect();
try {
  const start = Date.now();
  for (let i = 0; i < events; i += 5000) {
    const batch = [];
    for (let j = i; j < Math.min(events, i + 5000); j += 1) {
      batch.push({
        event: {
          eventId: `e${j}`,
          type: 'finance.collected',
          schemaVersion: 1,
          occurredAt: '2025-03-04T09:00:00+07:00',
          unitId: 'DT-KV01',
          caseId: `C${Math.floor(j / perCase)}`,
          data: { receiptNo: `BL${j}`, amount: 1000, method: 'cash', payerId: 'D' },
        },
        at: 1741053600000 + j,
      });
    }
    await repo.store(batch);
    process.stderr.write(`\rstored ${Math.min(events, i + 5000)} / ${events}`);
  }
  const insertSeconds = (Date.now() - start) / 1000;
  const timelineMs = [];
  for (let k = 0; k < 20; k += 1) {
    const t = Date.now();
    const tl = await repo.timeline(`C${Math.floor(Math.random() * (events / perCase))}`);
    timelineMs.push(Date.now() - t);
    if (tl.length !== perCase) throw new Error(`a case came back with ${tl.length} events, expected ${perCase}`);
  }
  timelineMs.sort((a, b) => a - b);
  process.stderr.write('\n');
  console.log(
    JSON.stringify({
      events,
      buckets,
      insertPerSecond: Math.round(events / insertSeconds),
      timelineMs: { p50: timelineMs[10], max: timelineMs[19] },
    }),
  );
} finally {
  await store.close();
  const client = await MongoClient.connect(url);
  await client.db(db).dropDatabase();
  await client.close();
}
