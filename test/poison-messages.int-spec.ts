import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { INPUT_LIMITS, Queues, inspectionJobId, type FindingMessage } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import { partitionFor, type KafkaBus, type TopicTail } from '@thads/messaging';
import { bucketOf } from '../services/inspection/src/case-file/case-events.repository';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publish,
  startDetector,
  startInspection,
  waitFor,
  type Namespace,
} from './support/harness';
import { findingMessage } from './support/inspection-client';

/**
 * Issue 10, item 2: a message no consumer can take goes to a dead-letter topic with the reason,
 * and the partition it blocked moves on. The detector refuses input over the contract's limits
 * (`thads.events.dlq.v1`); the inspection service's consumers take the same input without
 * getting stuck, and dead-letter a finding they fail on twice the same way (`integrity.dlq.v1`).
 * Each time, a valid message published after the poison on the same partition is processed.
 */
describe('poison messages on the real stack', () => {
  let ns: Namespace;
  let bus: KafkaBus;
  let detector: INestApplication | undefined;
  let inspection: INestApplication | undefined;
  let inputDlq: TopicTail<'DeadLetter'>;
  let consumerDlq: TopicTail<'ConsumerDeadLetter'>;
  let findings: TopicTail<'Findings'>;
  let store: Awaited<ReturnType<typeof openDb>>;
  let redis: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    ns = namespace();
    detector = await startDetector(ns);
    inspection = await startInspection(ns);
    bus = busFor(ns);
    store = await openDb(ns);
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(Queues.Inspection, { connection: redis, prefix: ns.queuePrefix });
    inputDlq = await bus.tail('DeadLetter', `it-${ns.id}-dlq-reader`);
    consumerDlq = await bus.tail('ConsumerDeadLetter', `it-${ns.id}-consumer-dlq-reader`);
    findings = await bus.tail('Findings', `it-${ns.id}-findings-reader`);
  });

  afterAll(async () => {
    await inputDlq?.stop();
    await consumerDlq?.stop();
    await findings?.stop();
    await detector?.close();
    await inspection?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    redis?.disconnect();
    await bus?.disconnect();
    await store?.close();
    await dropNamespace(ns);
  });

  it('refuses a 10,000-deep case.notified, a 900 KB message and a 100,000-character caseId with the limit each breaks, and processes the case published after them on the same partition', async () => {
    const key = 'PZ-1';
    const envelope = (eventId: string) =>
      `"eventId":"${eventId}","type":"case.notified","schemaVersion":1,"occurredAt":"2025-03-04T09:00:00+07:00","unitId":"DT-KV01"`;
    const poison = [
      {
        name: 'data nested 10,000 arrays deep',
        value: `{${envelope('PZ-deep')},"caseId":"${key}","data":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
        reason: /^field "data\.x(\.0){14}" nests 17 levels deep, over the limit of 16 levels$/,
      },
      {
        name: 'a 900 KB message',
        value: `{${envelope('PZ-big')},"caseId":"${key}","data":{"note":"${'x'.repeat(900_000)}"}}`,
        reason: new RegExp(`^message is 900\\d{3} bytes, over the limit of ${INPUT_LIMITS.messageBytes} bytes$`),
      },
      {
        name: 'a 100,000-character caseId',
        value: `{${envelope('PZ-long')},"caseId":"${'C'.repeat(100_000)}","data":{}}`,
        reason: /^field "caseId" is 100000 characters long, over the limit of 128 characters$/,
      },
    ];
    await bus.publishRaw(
      'CaseEvents',
      poison.map((p) => ({ key, value: p.value })),
    );
    // After them, on the same key (so the same partition): a case decided late.
    const late = aCase(key, 'DT-KV01')
      .on('2025-03-03')
      .received()
      .assigned('O-1')
      .on('2025-03-14')
      .decisionIssued()
      .closed();
    await publish(bus, [...late.events, tick('2025-12-31T00:00:00+07:00', 'tick-PZ')]);

    // The detector: each poison on thads.events.dlq.v1, whole, with the limit it breaks.
    const letters = await waitFor('three dead letters from the detector', () => {
      const ls = inputDlq.messages.filter((m) => m.key === key);
      return ls.length >= poison.length && ls;
    });
    expect(letters).toHaveLength(poison.length);
    for (const p of poison) {
      const letter = letters.find((l) => l.value.raw === p.value);
      expect([p.name, letter?.value.reason]).toEqual([p.name, expect.stringMatching(p.reason)]);
      expect(letter?.value.topic).toBe(`${ns.topicPrefix}thads.case-events.v1`);
    }
    // ... and the valid case behind them judged.
    await waitFor('the late-decision finding of the case after the poison', () =>
      findings.messages.some((m) => m.value.ruleId === 'late-decision' && m.value.caseId === key),
    );

    // The inspection service's case file read past the poison (its group caught up) and stored
    // the valid events, none of the poison.
    await waitFor(
      'the case-file consumer to read past the poison',
      async () => (await bus.lag(`it-${ns.id}-inspection-case-file`, ['CaseEvents'])) === 0,
    );
    const bucket = store.db.collection(`case_events_${String(bucketOf(key, 64)).padStart(2, '0')}`);
    const stored = await waitFor('the case events in the case file', async () => {
      const docs = await bucket.find({ caseId: key }).toArray();
      return docs.length >= late.events.length && docs;
    });
    expect(stored.map((d) => d._id).sort()).toEqual(late.events.map((e) => e.eventId).sort());
    expect(await bucket.countDocuments({ _id: { $in: ['PZ-deep', 'PZ-big', 'PZ-long'] } as never })).toBe(0);
    // Invalid input is the detector's to dead-letter: the case file skips it, it does not fail on it.
    expect(consumerDlq.messages.filter((m) => m.value.topic.endsWith('thads.case-events.v1'))).toEqual([]);
  });

  it('dead-letters a finding the inspection service fails on twice the same way, and one that breaks the contract, with the reason and the original record; the finding after them on the same partition is taken', async () => {
    const group = `it-${ns.id}-inspection`;
    const partitions = await bus.partitionCount('Findings');
    // BullMQ refuses a job id with one colon: the finding is stored, its task cannot be queued.
    const unqueueable = findingMessage('EXT:1');
    const malformed = { ...findingMessage('EXT-2'), ruleId: undefined };
    const after = findingMessage('EXT-3');
    const p = partitionFor('EXT-3', partitions);
    await bus.publishRaw('Findings', [
      { key: 'EXT:1', value: JSON.stringify(unqueueable), partition: p, headers: { 'x-trace': 'poison-1' } },
      { key: 'EXT-2', value: JSON.stringify(malformed), partition: p },
      { key: 'EXT-3', value: JSON.stringify(after), partition: p },
    ]);

    const letters = await waitFor('two dead letters from the inspection service', () => {
      const ls = consumerDlq.messages.filter((m) => m.value.group === group);
      return ls.length >= 2 && ls;
    });
    const byKey = new Map(letters.map((l) => [l.key, l.value]));
    expect(byKey.get('EXT:1')).toEqual({
      reason: expect.stringMatching(
        /^the handler failed 2 times the same way: PermanentFailure: queue findings: Custom Id cannot contain :/,
      ),
      group,
      topic: `${ns.topicPrefix}integrity.findings.v1`,
      partition: p,
      offset: expect.stringMatching(/^\d+$/),
      key: 'EXT:1',
      raw: JSON.stringify(unqueueable),
      headers: { 'x-trace': 'poison-1' },
    });
    expect(byKey.get('EXT-2')).toMatchObject({
      reason: 'missing required field "ruleId"',
      group,
      partition: p,
      raw: JSON.stringify(malformed),
    });

    // The finding behind them: stored and queued, and the group caught up.
    await waitFor('the task of the finding after the poison', () => queue.getJob(inspectionJobId('EXT-3')));
    const task = await store.db
      .collection<{ _id: string; message: string }>('inspection_tasks')
      .findOne({ _id: 'EXT-3' });
    expect(JSON.parse(task?.message ?? '{}')).toMatchObject<Partial<FindingMessage>>({ findingId: 'EXT-3' });
    await waitFor(
      'the findings consumer to read past the poison',
      async () => (await bus.lag(group, ['Findings'])) === 0,
    );
    expect(consumerDlq.messages.filter((m) => m.value.group === group)).toHaveLength(2);
  });
});
