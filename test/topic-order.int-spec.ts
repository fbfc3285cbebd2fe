import type { INestApplication } from '@nestjs/common';
import { type AnyEvent, type FindingMessage } from '@thads/contracts';
import { tick } from '@thads/contracts/testing';
import type { KafkaBus } from '@thads/messaging';
import {
  busFor,
  dropNamespace,
  namespace,
  openDb,
  province,
  publish,
  startDetector,
  waitFor,
  type Namespace,
} from './support/harness';

/** Publishes a province's events with the finance topic entirely first, or interleaved, and compares. */
describe('findings do not depend on the relative delay between the case and finance topics', () => {
  const runs: { ns: Namespace; app: INestApplication; bus: KafkaBus }[] = [];

  async function findingsOf(order: 'interleaved' | 'finance-first'): Promise<string[]> {
    const ns = namespace();
    const app = await startDetector(ns);
    const bus = busFor(ns);
    runs.push({ ns, app, bus });
    const { events, expected } = province('ORD', 12, 2025);
    const all = [...events, tick('2025-12-31T00:00:00+07:00', 'tick-ord')];
    const isFinance = (e: AnyEvent) => e.type.startsWith('finance.');
    const ordered = order === 'interleaved' ? all : [...all.filter(isFinance), ...all.filter((e) => !isFinance(e))];
    await publish(bus, ordered);
    await waitFor(
      'the detector to catch up',
      async () => (await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])) === 0,
      120_000,
    );
    const store = await openDb(ns);
    const fs = await waitFor('all findings', async () => {
      const docs = await store.db.collection<FindingMessage>('findings').find().toArray();
      return docs.length >= expected.length && docs;
    });
    await store.close();
    expect(fs.map((f) => `${f.ruleId}@${f.caseId}`).sort()).toEqual(expected);
    return fs.map((f) => JSON.stringify({ ...f, _id: undefined, createdAt: undefined, published: undefined })).sort();
  }

  afterAll(async () => {
    for (const r of runs) {
      await r.app.close();
      await r.bus.disconnect();
      await dropNamespace(r.ns);
    }
  });

  it('gives identical findings (ids, versions, texts, evidence) when every finance event is published before any case event', async () => {
    const interleaved = await findingsOf('interleaved');
    const financeFirst = await findingsOf('finance-first');
    expect(financeFirst).toEqual(interleaved);
  });
});
