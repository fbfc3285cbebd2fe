import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type AnyEvent, type FindingMessage } from '@thads/contracts';
import { tick } from '@thads/contracts/testing';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  province,
  publish,
  startDetector,
  waitFor,
  type Namespace,
} from './support/harness';

const label = (f: FindingMessage) => `${f.ruleId}@${f.caseId}`;

/** One detector per namespace; each test gets its own so their clocks and groups are separate. */
describe('detector findings do not depend on how many instances run or on a kill -9', () => {
  const opened: { ns: Namespace; bus: KafkaBus; tail: TopicTail<'Findings'> }[] = [];
  const apps: INestApplication[] = [];
  const children: ChildProcess[] = [];

  function setUp() {
    const ns = namespace();
    return { ns, bus: busFor(ns) };
  }

  async function collect(ns: Namespace, bus: KafkaBus, expectedCount: number) {
    const tail = await bus.tail('Findings', `it-${ns.id}-reader`);
    opened.push({ ns, bus, tail });
    await waitFor(
      'the detectors to catch up',
      async () => (await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])) === 0,
      120_000,
    );
    const messages = await waitFor(
      'the findings on the topic',
      () => tail.messages.length >= expectedCount && tail.messages,
      60_000,
    );
    const store = await openDb(ns);
    const stored = await store.db.collection<FindingMessage>('findings').find().toArray();
    await store.close();
    return { messages: messages.map((m) => m.value), stored };
  }

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await Promise.all(apps.map((a) => a.close()));
    for (const o of opened) {
      await o.tail.stop();
      await o.bus.disconnect();
      await dropNamespace(o.ns);
    }
  });

  it('two detector instances in one consumer group give the same findings as the catalogue expects of one', async () => {
    const { ns, bus } = setUp();
    const first = await startDetector(ns);
    const second = await startDetector(ns);
    apps.push(first, second);
    const { events, expected: perCase } = province('TWO', 24, 2025);
    // Three complaints against one officer on three cases (spread over partitions, so over both
    // instances): the subject stage must see them together.
    const complaints = ['TWO0-late', 'TWO1-late', 'TWO2-late'].flatMap((caseId, i): AnyEvent[] => [
      {
        eventId: `cc-${i}`,
        type: 'complaint.received',
        schemaVersion: 1,
        occurredAt: `2025-03-1${i}T10:00:00+07:00`,
        unitId: 'U-DT-01',
        caseId,
        data: { complaintId: `K-${i}`, kind: 'complaint', againstOfficerId: 'O-1', topic: 'harassment' },
      },
      {
        eventId: `cr-${i}`,
        type: 'complaint.resolved',
        schemaVersion: 1,
        occurredAt: `2025-03-2${i}T10:00:00+07:00`,
        unitId: 'U-DT-01',
        caseId,
        data: { complaintId: `K-${i}`, outcome: 'rejected' },
      },
    ]);
    const expected = [...perCase, 'complaint-cluster@undefined'].sort();
    const all = [...events, ...complaints].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    await publish(bus, [...all, tick('2025-12-31T00:00:00+07:00', 'tick-two')]);
    const { messages, stored } = await collect(ns, bus, expected.length);
    expect(stored.map(label).sort()).toEqual(expected);
    expect(messages.map(label).sort()).toEqual(expected);
    expect(new Set(messages.map((m) => m.findingId)).size).toBe(messages.length);
  });

  it('a detector killed with SIGKILL mid-stream and started again loses and duplicates nothing', async () => {
    const { ns, bus } = setUp();
    const env = {
      ...process.env,
      KAFKA_BROKERS: infra.brokers.join(','),
      MONGO_URL: infra.mongoUrl,
      MONGO_DB: ns.db,
      TOPIC_PREFIX: ns.topicPrefix,
      DETECTOR_GROUP_ID: `it-${ns.id}-detector`,
      DETECTOR_HEALTH_PORT: '0',
    };
    const main = join(__dirname, '..', 'services', 'detector', 'dist', 'main.js');
    const launch = () => {
      const child = spawn(process.execPath, [main], { env, stdio: 'ignore' });
      children.push(child);
      return child;
    };
    const { events, expected } = province('KILL', 24, 2025);
    const half = Math.floor(events.length / 2);

    const doomed = launch();
    // The first instance creates the namespace's topics: wait for them before publishing.
    await waitFor('the topics', async () => (await bus.partitionCount('CaseEvents').catch(() => 0)) === 6);
    await publish(bus, events.slice(0, half));
    await waitFor(
      'some progress',
      async () => {
        const lag = await bus
          .lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])
          .catch(() => Number.POSITIVE_INFINITY);
        return lag < half;
      },
      90_000,
    );
    doomed.kill('SIGKILL');
    await new Promise((r) => doomed.once('exit', r));

    await publish(bus, [...events.slice(half), tick('2025-12-31T00:00:00+07:00', 'tick-kill')]);
    launch();
    const { messages, stored } = await collect(ns, bus, expected.length);
    expect(stored.map(label).sort()).toEqual(expected);
    // At-least-once publishing may repeat a finding's message after a kill; never a second finding.
    expect([...new Set(messages.map(label))].sort()).toEqual(expected);
    expect(new Set(messages.map((m) => m.findingId)).size).toBe(expected.length);
  });
});
