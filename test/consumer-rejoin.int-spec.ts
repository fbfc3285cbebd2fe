import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type AnyEvent, type FindingMessage } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import { TokenSigner, parseTokenSecret } from '@thads/auth';
import { dayOf, isoFromDay } from '@thads/rules';
import type { BatchConsumer, TopicTail } from '@thads/messaging';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  province,
  publish,
  registryEvent,
  seedUnits,
  waitFor,
  type Namespace,
} from './support/harness';
import { findingMessage } from './support/inspection-client';
import { Child, HealthWatch, allCommitted, freePort, publishSteadily } from './support/processes';

/**
 * A process that stops answering for longer than its consumer group's session timeout (SIGSTOP
 * here; a long GC pause or a starved CPU in production) is removed from its groups. When it runs
 * again its consumers must find that out, rejoin, and carry on from the last commit — with no
 * finding lost or raised twice — and its `/health` must say 200 again, all by themselves.
 */
const SESSION_TIMEOUT_MS = 10_000;
/** About twice the session timeout: the coordinator has certainly removed the member by then. */
const PAUSE_MS = 22_000;
/** What the issue asks: healthy again within a minute of resuming. */
const HEALTHY_WITHIN_MS = 60_000;

const label = (f: FindingMessage) => `${f.ruleId}@${f.caseId}`;
const ROOT = join(__dirname, '..');

describe('a consumer removed from its group while its process was paused rejoins and resumes by itself', () => {
  const children: Child[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  function launchDetector(ns: Namespace, port: number, name = 'detector', env: NodeJS.ProcessEnv = {}): Child {
    const child = new Child(name, join(ROOT, 'services', 'detector', 'dist', 'main.js'), {
      KAFKA_BROKERS: infra.brokers.join(','),
      MONGO_URL: infra.mongoUrl,
      MONGO_DB: ns.db,
      TOPIC_PREFIX: ns.topicPrefix,
      DETECTOR_GROUP_ID: `it-${ns.id}-detector`,
      DETECTOR_HEALTH_PORT: String(port),
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      ...env,
    });
    children.push(child);
    return child;
  }

  it('a detector paused with SIGSTOP for twice the session timeout while events flow rejoins, reports healthy within a minute and raises every finding exactly once', async () => {
    const ns: Namespace = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    const group = `it-${ns.id}-detector`;
    const port = await freePort();
    const detector = launchDetector(ns, port);
    const health = new HealthWatch(`http://127.0.0.1:${port}/health`);
    cleanup.push(() => health.stop());
    await waitFor('the detector to be healthy', () => health.latest === 200, 90_000);

    const { events, expected } = province('REJOIN', 36, 2025);
    // The registry consumer commits too: registry events keep arriving across the pause.
    const registry = (i: number): AnyEvent =>
      registryEvent(`rj-unit-${i}`, 'registry.unit', { unitId: `RJ-${i}`, name: `RJ ${i}`, level: 'district' });
    const batches = 24;
    const size = Math.ceil(events.length / batches);
    const feed = publishSteadily(
      (i) => publish(bus, [...events.slice(i * size, (i + 1) * size), registry(i)]),
      batches,
      1_500,
    );
    const tail: TopicTail<'Findings'> = await bus.tail('Findings', `it-${ns.id}-reader`);
    cleanup.push(() => tail.stop());

    // Stopped mid-stream, once the detector has committed some of it: when it stops it holds
    // uncommitted progress, batches in flight and a flush timer about to commit.
    await feed.until(6);
    await waitFor(
      'some progress committed',
      async () => (await bus.lag(group, ['CaseEvents', 'FinanceEvents'])) < 6 * size * 2,
    );
    const pausedAt = Date.now();
    const resumedAt = await detector.pause(PAUSE_MS);
    const sentDuringPause = feed.sent;
    await feed.finish();
    await publish(bus, [tick('2025-12-31T00:00:00+07:00', 'tick-rejoin')]);

    const rejoined = await waitFor(
      'the input consumer to rejoin its group',
      () => detector.logged('assigned partitions', resumedAt)[0],
      resumedAt + HEALTHY_WITHIN_MS - Date.now(),
    );
    let caughtUpAt = 0;
    await waitFor(
      'every consumer of the detector to catch up and commit',
      async () =>
        (await allCommitted(bus, [
          [group, ['CaseEvents', 'FinanceEvents']],
          [`${group}-subjects`, ['DetectorFacts']],
          [`${group}-registry`, ['RegistryEvents']],
        ])) && (caughtUpAt = Date.now()),
      90_000,
    );
    await waitFor('the findings on the topic', () => tail.messages.length >= expected.length, 30_000);
    // Healthy by the deadline, and still so a few seconds on: no late failure turns it down again.
    await waitFor(
      'the detector to report healthy',
      () => health.healthySince(resumedAt),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const healthyAt = health.healthySince(resumedAt);

    // The latest revision of each finding (none is revised here: all are revision 0).
    const latest = new Map<string, FindingMessage>();
    for (const { value } of tail.messages)
      if ((latest.get(value.findingId)?.revision ?? -1) < (value.revision ?? 0)) latest.set(value.findingId, value);
    const store = await openDb(ns);
    const stored = await store.db.collection<FindingMessage>('findings').find().toArray();
    // Nothing left in the outbox: an entry left there (a finding raised again by the batches
    // replayed after the lapse) would publish its finding once more at the next start.
    const outbox = store.db.collection('findings_outbox');
    const leftInOutbox = await waitFor(
      'the findings outbox to empty',
      async () => (await outbox.countDocuments()) === 0,
      10_000,
    )
      .then(() => 0)
      .catch(() => outbox.countDocuments());
    await store.close();
    process.stderr.write(
      `[consumer-rejoin] detector: paused ${resumedAt - pausedAt} ms (session ${SESSION_TIMEOUT_MS} ms), ` +
        `${sentDuringPause}/${batches} batches published by then; ` +
        `refused commits after SIGCONT: ${detector.logged('Response OffsetCommit', resumedAt).length}; ` +
        `rejoined ${rejoined.at - resumedAt} ms after SIGCONT, all committed ${caughtUpAt - resumedAt} ms, ` +
        `healthy for good ${healthyAt === undefined ? 'never' : healthyAt - resumedAt} ms; ` +
        `503 meanwhile: ${JSON.stringify(health.downReasons(resumedAt))}; ` +
        `${tail.messages.length} finding messages for ${latest.size} findings (${expected.length} expected)\n`,
    );
    expect([...latest.values()].map(label).sort()).toEqual(expected);
    expect(stored.map(label).sort()).toEqual(expected);
    expect(leftInOutbox).toBe(0);
    // Exactly once: this detector never restarted, so not even a finding's message is repeated.
    expect(tail.messages.length).toBe(expected.length);
    expect(healthyAt).toBeDefined();
    expect(healthyAt! - resumedAt).toBeLessThanOrEqual(HEALTHY_WITHIN_MS);
  }, 300_000);

  it('of two detectors in one group, the one paused past the session timeout hands its partitions over and, back in the group, reloads what it gets back from the store: every finding once', async () => {
    const ns: Namespace = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    const group = `it-${ns.id}-detector`;
    const ports = [await freePort(), await freePort()];
    // State and offsets written every 5 s, not every 0.5 s: when it stops, the paused instance
    // surely holds state it has not written, and what it gets back after the lapse must come
    // from the store (where the other instance moved it on), not from its own stale memory.
    const [paused] = ports.map((port, i) =>
      launchDetector(ns, port, `detector-${i}`, { DETECTOR_FLUSH_INTERVAL_MS: '5000' }),
    );
    /** The input partitions an instance holds, from its health answer. */
    const held = async (port: number): Promise<string> => {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { components?: Record<string, { up: boolean; detail?: string }> };
      const input = body.components?.['input-consumer'];
      return res.status === 200 && input?.up ? (input.detail ?? '') : '';
    };
    await waitFor(
      'both detectors to hold input partitions',
      async () => (await Promise.all(ports.map(held))).every((d) => /^partitions \d/.test(d)),
      90_000,
    );

    const { events, expected } = province('SHARE', 36, 2025);
    const batches = 24;
    const size = Math.ceil(events.length / batches);
    const feed = publishSteadily((i) => publish(bus, events.slice(i * size, (i + 1) * size)), batches, 1_500);
    const tail: TopicTail<'Findings'> = await bus.tail('Findings', `it-${ns.id}-reader`);
    cleanup.push(() => tail.stop());
    await feed.until(6);
    const resumedAt = await paused!.pause(PAUSE_MS);
    await feed.finish();
    await publish(bus, [tick('2025-12-31T00:00:00+07:00', 'tick-share')]);

    await waitFor(
      'the paused detector to rejoin with its membership lapsed',
      () => paused!.logged('after losing its membership', resumedAt)[0],
      HEALTHY_WITHIN_MS,
    );
    await waitFor(
      'both detectors to catch up and commit',
      () =>
        allCommitted(bus, [
          [group, ['CaseEvents', 'FinanceEvents']],
          [`${group}-subjects`, ['DetectorFacts']],
        ]),
      90_000,
    );
    await waitFor('the findings on the topic', () => tail.messages.length >= expected.length, 30_000);
    await waitFor(
      'both detectors to be healthy, each with input partitions',
      async () => (await Promise.all(ports.map(held))).every((d) => /^partitions \d/.test(d)),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    const store = await openDb(ns);
    const stored = await store.db.collection<FindingMessage>('findings').find().toArray();
    await store.close();
    const ids = new Set(tail.messages.map((m) => m.value.findingId));
    process.stderr.write(
      `[consumer-rejoin] two detectors: ${tail.messages.length} finding messages for ${ids.size} findings (${expected.length} expected)\n`,
    );
    expect(stored.map(label).sort()).toEqual(expected);
    expect([...new Set(tail.messages.map((m) => label(m.value)))].sort()).toEqual(expected);
    expect(ids.size).toBe(expected.length);
  }, 300_000);

  it('a detector paused past the session timeout while the rule book changes on another instance follows the rule-book topic again: the new version is in its own list within a minute', async () => {
    const ns: Namespace = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    await seedUnits(ns);
    const secret = '5e'.repeat(32);
    const { token } = new TokenSigner(parseTokenSecret(secret), 3600).sign({
      sub: 'qt.tinh',
      roles: ['admin'],
      unitId: 'DT',
    });
    const ports = [await freePort(), await freePort()];
    const [paused] = ports.map((port, i) => launchDetector(ns, port, `detector-${i}`, { TOKEN_SECRET: secret }));
    const rules = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/rules`, { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()) as {
        rootAdministrator?: boolean;
        rules?: { ruleId: string; versions: { versionId: string }[] }[];
      };
    };
    const health = new HealthWatch(`http://127.0.0.1:${ports[0]}/health`);
    cleanup.push(() => health.stop());
    await waitFor('the paused detector to be healthy', () => health.latest === 200, 90_000);
    await waitFor(
      "the units in the other detector's store",
      async () => (await rules(ports[1]!)).rootAdministrator,
      90_000,
    );

    // Changed on the other instance while this one is out of its groups.
    const pausing = paused!.pause(PAUSE_MS);
    await new Promise((r) => setTimeout(r, SESSION_TIMEOUT_MS + 2_000));
    const added = await fetch(`http://127.0.0.1:${ports[1]}/api/rules/late-decision/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        effectiveFrom: isoFromDay(dayOf(Date.now()) + 10),
        params: { workingDays: 20 },
        reason: 'Nghị định mới: 20 ngày làm việc',
      }),
    });
    expect(added.status).toBe(201);
    const { versionId } = (await added.json()) as { versionId: string };
    const resumedAt = await pausing;

    const listed = await waitFor(
      'the paused detector to list the new version',
      async () =>
        (await rules(ports[0]!)).rules
          ?.find((r) => r.ruleId === 'late-decision')
          ?.versions.some((v) => v.versionId === versionId) && Date.now(),
      HEALTHY_WITHIN_MS,
    );
    await waitFor(
      'the paused detector to report healthy',
      () => health.healthySince(resumedAt),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    process.stderr.write(
      `[consumer-rejoin] rule book: ${versionId} added during the pause, listed by the paused detector ${listed - resumedAt} ms after SIGCONT; ` +
        `healthy for good ${health.healthySince(resumedAt)! - resumedAt} ms; 503 meanwhile: ${JSON.stringify(health.downReasons(resumedAt))}\n`,
    );
  }, 300_000);

  it('an inspection service paused with SIGSTOP past the session timeout takes in every finding, case event, calendar year and registry event published meanwhile, and reports healthy again', async () => {
    const ns: Namespace = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    await bus.connect();
    await bus.ensureTopics();
    // The inspection service folds the detector's health into its own: a detector that is up.
    const detectorStub: Server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}'),
    );
    await new Promise<void>((r) => detectorStub.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => detectorStub.close(r)));
    const group = `it-${ns.id}-inspection`;
    const port = await freePort();
    const inspection = new Child('inspection', join(ROOT, 'services', 'inspection', 'dist', 'main.js'), {
      KAFKA_BROKERS: infra.brokers.join(','),
      MONGO_URL: infra.mongoUrl,
      MONGO_DB: ns.db,
      REDIS_URL: infra.redisUrl,
      QUEUE_PREFIX: ns.queuePrefix,
      TOPIC_PREFIX: ns.topicPrefix,
      INSPECTION_GROUP_ID: group,
      HTTP_PORT: String(port),
      DETECTOR_HEALTH_URL: `http://127.0.0.1:${(detectorStub.address() as AddressInfo).port}/health`,
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    });
    children.push(inspection);
    const health = new HealthWatch(`http://127.0.0.1:${port}/health`);
    cleanup.push(() => health.stop());
    await waitFor('the inspection service to be healthy', () => health.latest === 200, 90_000);

    // Each batch feeds all four of its consumers: findings, the case file, the calendar, the registry view.
    const batches = 20;
    const ids = (i: number) => Array.from({ length: 5 }, (_, j) => `RJ-${i}-${j}`);
    const feed = publishSteadily(
      async (i) => {
        await bus.publish(
          'Findings',
          ids(i).map((id) => ({
            key: id,
            value: findingMessage(id, { caseId: `CRJ-${i}`, officerId: `OFF-RJ-${i}` }),
          })),
        );
        const kase = aCase(`CRJ-${i}`).on('2025-03-03').received().decisionIssued();
        await publish(bus, [
          ...kase.events,
          registryEvent(`rj-unit-${i}`, 'registry.unit', { unitId: `RJ-${i}`, name: `RJ ${i}`, level: 'district' }),
        ]);
        await bus.publish('Calendar', [
          { key: String(2000 + i), value: { year: 2000 + i, daysOff: [], source: `rejoin test ${i}` } },
        ]);
      },
      batches,
      1_500,
    );
    await feed.until(5);
    const pausedAt = Date.now();
    const resumedAt = await inspection.pause(PAUSE_MS);
    const sentDuringPause = feed.sent;
    await feed.finish();

    let caughtUpAt = 0;
    await waitFor(
      'every consumer of the inspection service to catch up and commit',
      async () =>
        (await allCommitted(bus, [
          [group, ['Findings']],
          [`${group}-case-file`, ['CaseEvents', 'FinanceEvents']],
          [`${group}-calendar`, ['Calendar']],
          [`${group}-registry`, ['RegistryEvents']],
        ])) && (caughtUpAt = Date.now()),
      90_000,
    );
    await waitFor(
      'the inspection service to report healthy',
      () => health.healthySince(resumedAt),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const healthyAt = health.healthySince(resumedAt);
    const store = await openDb(ns);
    const tasks = await store.db.collection('inspection_tasks').find().toArray();
    await store.close();
    process.stderr.write(
      `[consumer-rejoin] inspection: paused ${resumedAt - pausedAt} ms (session ${SESSION_TIMEOUT_MS} ms), ` +
        `${sentDuringPause}/${batches} batches published by then; ` +
        `refused commits after SIGCONT: ${inspection.logged('Response OffsetCommit', resumedAt).length}; ` +
        `all committed ${caughtUpAt - resumedAt} ms after SIGCONT, ` +
        `healthy for good ${healthyAt === undefined ? 'never' : healthyAt - resumedAt} ms; ` +
        `503 meanwhile: ${JSON.stringify(health.downReasons(resumedAt))}; ${tasks.length} findings stored\n`,
    );
    expect(tasks.map((t) => String(t['_id'])).sort()).toEqual(
      Array.from({ length: batches }, (_, i) => ids(i))
        .flat()
        .sort(),
    );
    expect(healthyAt).toBeDefined();
    expect(healthyAt! - resumedAt).toBeLessThanOrEqual(HEALTHY_WITHIN_MS);
  }, 300_000);

  it('a consumer that kafkajs stops for good after a non-retriable error is started again, reporting itself down meanwhile', async () => {
    const ns: Namespace = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    await bus.connect();
    await bus.ensureTopics();
    const group = `it-${ns.id}-crash`;
    const statuses: { up: boolean; detail: string }[] = [];
    const seen = new Set<string>();
    let failed = false;
    // Nothing is published before it has started: its handler never runs before it is assigned.
    const consumer: BatchConsumer = await bus.startBatchConsumer({
      groupId: group,
      topics: ['Calendar'],
      onBatch: async (batch) => {
        if (!failed) {
          failed = true;
          // What kafkajs itself throws when the group coordinator cannot be found (a broker
          // restarting): not retriable, so kafkajs stops the consumer and does not restart it.
          throw Object.assign(new Error('Failed to find group coordinator'), {
            name: 'KafkaJSGroupCoordinatorNotFound',
            retriable: false,
          });
        }
        for (const r of batch.records) seen.add(r.key ?? '');
        await consumer.commitBatch(batch);
      },
      onStatus: (up, detail) => statuses.push({ up, detail }),
    });
    cleanup.push(() => consumer.stop());
    await bus.publish(
      'Calendar',
      [2031, 2032, 2033].map((year) => ({ key: String(year), value: { year, daysOff: [], source: 'crash test' } })),
    );
    await waitFor('every message handled after the restart', () => seen.size === 3, 60_000);
    await waitFor('everything committed', () => allCommitted(bus, [[group, ['Calendar']]]), 30_000);
    const down = statuses.findIndex((s) => !s.up);
    expect(statuses[down]?.detail).toMatch(
      /KafkaJSNonRetriableError: Failed to find group coordinator: starting it again in 1 s/,
    );
    expect(statuses.slice(down).at(-1)).toMatchObject({
      up: true,
      detail: expect.stringMatching(/^partitions /) as string,
    });
  });
});
