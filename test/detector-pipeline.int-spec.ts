import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Queues, inspectionJobId, type AnyEvent, type FindingMessage } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import { DetectorService } from '../services/detector/src/pipeline/detector.service';
import {
  busFor,
  dailyTicks,
  dropNamespace,
  scenario,
  infra,
  namespace,
  openDb,
  publish,
  startDetector,
  startInspection,
  waitFor,
  type Namespace,
} from './support/harness';

describe('the detector pipeline on real Kafka, FerretDB and Redis', () => {
  let ns: Namespace;
  let bus: KafkaBus;
  let detector: INestApplication | undefined;
  let inspection: INestApplication;
  let redis: IORedis;
  let queue: Queue;
  let findingsTail: TopicTail<'Findings'>;
  let dlqTail: TopicTail<'DeadLetter'>;
  let store: Awaited<ReturnType<typeof openDb>>;

  const groupId = () => `it-${ns.id}-detector`;
  const caughtUp = async () => (await bus.lag(groupId(), ['CaseEvents', 'FinanceEvents'])) === 0;
  const storedFindings = () => store.db.collection<FindingMessage & { _id: string }>('findings').find().toArray();
  const label = (f: FindingMessage) => `${f.ruleId}@${f.caseId}`;

  beforeAll(async () => {
    ns = namespace();
    detector = await startDetector(ns);
    inspection = await startInspection(ns);
    bus = busFor(ns);
    store = await openDb(ns);
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(Queues.Inspection, { connection: redis, prefix: ns.queuePrefix });
    findingsTail = await bus.tail('Findings', `it-${ns.id}-findings-reader`);
    dlqTail = await bus.tail('DeadLetter', `it-${ns.id}-dlq-reader`);
  });

  afterAll(async () => {
    await findingsTail?.stop();
    await dlqTail?.stop();
    await detector?.close();
    await inspection?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    redis?.disconnect();
    await bus?.disconnect();
    await store?.close();
    await dropNamespace(ns);
  });

  // The tests share one detector, so each works in a later stretch of event time than the one
  // before: events older than the clock are late data, judged as they come (see docs/adr/0002).
  it('turns each planted irregularity into exactly one stored finding, one message on the findings topic and one queued task', async () => {
    const { events, expected } = scenario('A');
    await publish(bus, events);

    const stored = await waitFor('four stored findings', async () => {
      const fs = (await storedFindings()).filter((f) => f.caseId?.startsWith('A-'));
      return fs.length >= 4 && fs;
    });
    expect(stored.map(label).sort()).toEqual(expected);

    const published = await waitFor('four findings on the topic', () => {
      const ms = findingsTail.messages.filter((m) => m.value.caseId?.startsWith('A-'));
      return ms.length >= 4 && ms;
    });
    expect(published.map((m) => label(m.value)).sort()).toEqual(expected);
    for (const m of published) {
      expect(m.key).toBe(m.value.findingId);
      expect(m.value).toMatchObject({ status: 'open', ruleVersion: 1, unitId: 'U-DT-01' });
      expect(m.value.title.vi.length).toBeGreaterThan(0);
    }

    for (const f of stored) {
      const job = await waitFor(`the task of ${label(f)}`, () => queue.getJob(inspectionJobId(f._id)));
      expect(job.data).toMatchObject({ findingId: f._id, ruleId: f.ruleId, severity: f.severity });
      expect(job.opts.priority).toBe({ critical: 1, high: 2, medium: 3, low: 4 }[f.severity]);
    }
    const tasks = await waitFor('four task records', async () => {
      const ts = await store.db.collection('inspection_tasks').find({ caseId: /^A-/ }).toArray();
      return ts.length >= 4 && ts;
    });
    expect(tasks).toHaveLength(4);
  });

  it('publishing the same events again yields no second finding and no second task', async () => {
    const { events } = scenario('A');
    await publish(bus, events);
    await waitFor('the detector to consume the repeat', caughtUp);
    await waitFor(
      'the inspection service to consume the findings topic',
      async () => (await bus.lag(`it-${ns.id}-inspection`, ['Findings'])) === 0,
    );

    expect((await storedFindings()).filter((f) => f.caseId?.startsWith('A-'))).toHaveLength(4);
    expect(findingsTail.messages.filter((m) => m.value.caseId?.startsWith('A-'))).toHaveLength(4);
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed']);
    expect(jobs.filter((j) => String(j.data.caseId).startsWith('A-'))).toHaveLength(4);
  });

  it('sends every kind of malformed message to the dead-letter topic with a reason, and processes the valid ones around them', async () => {
    const valid = aCase('M-payee')
      .on('2026-05-05')
      .received({ creditorIds: ['P1'] })
      .decisionIssued()
      .collected(1_000)
      .disbursed(1_000, 'P-other');
    const [received, decision, collected, disbursed] = valid.events as [AnyEvent, AnyEvent, AnyEvent, AnyEvent];
    const env = {
      eventId: 'bad',
      schemaVersion: 1,
      occurredAt: '2026-05-05T10:00:00+07:00',
      unitId: 'U-DT-01',
      caseId: 'M-payee',
    };
    const bad: { name: string; topic: 'CaseEvents' | 'FinanceEvents'; value: string; reason: RegExp }[] = [
      { name: 'not JSON', topic: 'CaseEvents', value: '{"eventId": "x",', reason: /not JSON/ },
      {
        name: 'missing field',
        topic: 'CaseEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-1', type: 'case.assigned', data: {} }),
        reason: /data\.officerId/,
      },
      {
        name: 'wrong type',
        topic: 'CaseEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-2', type: 'case.verified', data: { result: 42 } }),
        reason: /data\.result/,
      },
      {
        name: 'unknown type',
        topic: 'CaseEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-3', type: 'case.vanished', data: {} }),
        reason: /unknown type/,
      },
      {
        name: 'unknown schemaVersion',
        topic: 'CaseEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-4', schemaVersion: 2, type: 'case.notified', data: {} }),
        reason: /schemaVersion/,
      },
      {
        name: 'negative amount',
        topic: 'FinanceEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-5', type: 'finance.remitted', data: { amount: -5 } }),
        reason: /data\.amount/,
      },
      {
        name: 'fractional amount',
        topic: 'FinanceEvents',
        value: JSON.stringify({ ...env, eventId: 'bad-6', type: 'finance.remitted', data: { amount: 1.5 } }),
        reason: /data\.amount/,
      },
    ];
    const raw = (e: AnyEvent) => ({ key: 'M-payee', value: JSON.stringify(e) });
    await bus.publishRaw('CaseEvents', [
      raw(received),
      ...bad.slice(0, 3).map((b) => ({ key: 'M-payee', value: b.value })),
      raw(decision),
    ]);
    await bus.publishRaw(
      'CaseEvents',
      bad.slice(3, 5).map((b) => ({ key: 'M-payee', value: b.value })),
    );
    await bus.publishRaw('FinanceEvents', [
      raw(collected),
      { key: 'M-payee', value: bad[5]!.value },
      raw(disbursed),
      { key: 'M-payee', value: bad[6]!.value },
    ]);
    await publish(bus, [tick('2026-05-06T00:00:00+07:00', 'tick-M')]);

    const letters = await waitFor(
      'seven dead letters',
      () => dlqTail.messages.length >= bad.length && dlqTail.messages,
    );
    expect(letters).toHaveLength(bad.length);
    for (const b of bad) {
      const letter = letters.find((l) => l.value.raw === b.value);
      expect([b.name, letter?.value.reason]).toEqual([b.name, expect.stringMatching(b.reason)]);
      expect(letter?.key).toBe('M-payee');
      expect(letter?.value.topic).toBe(
        `${ns.topicPrefix}${b.topic === 'CaseEvents' ? 'thads.case-events.v1' : 'thads.finance-events.v1'}`,
      );
      expect(letter?.value.offset).toMatch(/^\d+$/);
    }
    const f = await waitFor('the finding of the valid events', async () =>
      (await storedFindings()).find((x) => x.caseId === 'M-payee'),
    );
    expect(f.ruleId).toBe('payee-not-party');
  });

  it("GET /metrics: Prometheus text with the groups' lag, events consumed and dead-lettered, findings by rule", async () => {
    const app = detector!;
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
    const text = await waitFor('the input group to catch up', async () => {
      const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return new RegExp(`kafka_consumer_group_lag\\{[^}]*group="it-${ns.id}-detector"[^}]*\\} 0\\n`).test(t) && t;
    });
    expect(text).toMatch(/thads_events_consumed_total\{[^}]*kind="case"[^}]*\} [1-9]/);
    expect(text).toMatch(/thads_events_consumed_total\{[^}]*kind="dead_letter"[^}]*\} [1-9]/);
    expect(text).toMatch(/thads_findings_raised_total\{[^}]*kind="payee-not-party:[a-z]+"[^}]*\} [1-9]/);
    // The benchmark's figures stay JSON, one level down.
    const json = (await (await fetch(`http://127.0.0.1:${port}/metrics/json`)).json()) as { trackedCases: number };
    expect(json.trackedCases).toBeGreaterThan(0);
  });

  it('raises related-party from the registry: a payout to a relative the officer declared', async () => {
    const officer = {
      eventId: 'reg-o-77',
      type: 'registry.officer',
      schemaVersion: 1,
      occurredAt: '2026-06-01T08:00:00+07:00',
      data: {
        officerId: 'O-77',
        unitId: 'U-DT-01',
        name: 'Trần Văn B',
        role: 'enforcement_officer',
        relatedPartyIds: ['P-son'],
        bankAccountHashes: [],
      },
    } as AnyEvent;
    const before = detector!.get(DetectorService).stats().registryEntries;
    await publish(bus, [officer]);
    await waitFor(
      'the registry view to take the officer',
      () => detector!.get(DetectorService).stats().registryEntries > before,
    );
    const c = aCase('LINK-1')
      .on('2026-06-02')
      .received({ creditorIds: ['P-son'] })
      .decisionIssued()
      .assigned('O-77')
      .collected(3_000_000)
      .disbursed(3_000_000, 'P-son')
      .on('2026-06-02', '10:00:00')
      .closed();
    await publish(bus, [...c.events, tick('2026-06-03T00:00:00+07:00', 'tick-rel')]);
    const f = await waitFor('the related-party finding', async () =>
      (await storedFindings()).find((x) => x.caseId === 'LINK-1' && x.ruleId === 'related-party'),
    );
    expect(f).toMatchObject({ severity: 'critical', officerId: 'O-77' });
    const stored = await store.db.collection('registry').findOne({ _id: 'officer:O-77' as unknown as never });
    expect(stored).toMatchObject({ data: { relatedPartyIds: ['P-son'] } });
  });

  it('loses nothing and duplicates nothing when the detector is stopped mid-stream and started again', async () => {
    const cases = Array.from({ length: 30 }, (_, i) => scenario(`R${i}`, 2027));
    // As in production, a clock service ticks every partition daily, so idle partitions move on.
    const events = [
      ...cases.flatMap((c) => c.events.filter((e) => e.type !== 'clock.tick')),
      ...dailyTicks('2027-03-04', '2027-04-30'),
    ].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    const half = Math.floor(events.length / 2);
    await publish(bus, events.slice(0, half));
    // Stop once it has made some progress on the first half, wherever it is.
    await waitFor('some progress', async () => (await bus.lag(groupId(), ['CaseEvents', 'FinanceEvents'])) < half);
    await detector!.close();
    detector = undefined;
    await publish(bus, [...events.slice(half), tick('2028-01-31T00:00:00+07:00', 'tick-R')]);
    detector = await startDetector(ns);
    await waitFor('the restarted detector to catch up', caughtUp, 90_000);

    const expected = cases.flatMap((c) => c.expected).sort();
    const stored = await waitFor('all findings of the restart scenario', async () => {
      const fs = (await storedFindings()).filter((f) => f.caseId?.startsWith('R'));
      return fs.length >= expected.length && fs;
    });
    expect(stored.map(label).sort()).toEqual(expected);
    const onTopic = await waitFor('all restart findings on the topic', () => {
      const ms = findingsTail.messages.filter((m) => m.value.caseId?.startsWith('R'));
      return ms.length >= expected.length && ms;
    });
    expect(new Set(onTopic.map((m) => m.value.findingId)).size).toBe(onTopic.length);
    expect(onTopic.map((m) => label(m.value)).sort()).toEqual(expected);
  });
});
