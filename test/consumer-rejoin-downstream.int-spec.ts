import { join } from 'node:path';
import { TokenSigner } from '@thads/auth';
import type { AnyEvent, DisciplineEvent, FindingMessage, InspectionEvent } from '@thads/contracts';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import { Router, publishRecords, simulate, type OutRecord } from '../packages/simulator/src';
import { consumerGroups } from '../services/insight/src/config';
import { aFinding, inspected, proceeding } from '../services/insight/src/integrity/__tests__/builders';
import {
  auditKeyOf,
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publishRegistry,
  waitFor,
  type Namespace,
} from './support/harness';
import { Child, HealthWatch, allCommitted, freePort, publishSteadily } from './support/processes';

/**
 * The consumers downstream of the detector and the inspection service — insight's five groups
 * and the discipline service's three — after their process was paused past the session timeout
 * (SIGSTOP; a long GC pause or a starved CPU in production): each rejoins by itself, carries on
 * from its last commit, and `/health` says 200 within a minute, with nothing lost or counted
 * twice. The detector's and the inspection service's own consumers (the rule-book follower and
 * registry view among them) are paused in consumer-rejoin.int-spec.ts.
 */
const SESSION_TIMEOUT_MS = 8_000;
/** Twice the session timeout and a bit: the coordinator has certainly removed the member by then. */
const PAUSE_MS = 17_000;
const HEALTHY_WITHIN_MS = 60_000;
const BATCHES = 12;
const GAP_MS = 1_000;
const SECRET = 'ef'.repeat(32);
const ROOT = join(__dirname, '..');
const mainOf = (service: string) => join(ROOT, 'services', service, 'dist', 'main.js');

/** Splits `items` into `BATCHES` slices, the i-th published with batch i. */
const slice = <T>(items: T[], i: number): T[] => {
  const size = Math.ceil(items.length / BATCHES);
  return items.slice(i * size, (i + 1) * size);
};

describe('the insight and discipline consumers rejoin and resume by themselves after a pause past the session timeout', () => {
  const children: Child[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  function launch(name: string, service: string, env: NodeJS.ProcessEnv): Child {
    const child = new Child(name, mainOf(service), {
      KAFKA_BROKERS: infra.brokers.join(','),
      MONGO_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      TOKEN_SECRET: SECRET,
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      ...env,
    });
    children.push(child);
    return child;
  }

  async function setUp(): Promise<{ ns: Namespace; bus: KafkaBus }> {
    const ns = namespace();
    const bus = busFor(ns);
    cleanup.push(
      () => dropNamespace(ns),
      () => bus.disconnect(),
    );
    await bus.connect();
    await bus.ensureTopics();
    return { ns, bus };
  }

  it('an insight service paused while every one of its topics flows answers the same figures as one that was not, and reports healthy within a minute', async () => {
    const { ns, bus } = await setUp();
    const sim = simulate({
      cases: 80,
      casesPerYear: 1_200,
      start: '2025-05-02',
      seed: 21,
      tailDays: 90,
      anomalyRate: 0.3,
    });
    await publishRegistry(ns, sim.registry);
    const router = new Router(await bus.partitionCount('CaseEvents'));
    const records: OutRecord[] = [];
    for (const e of sim.events) router.route(e, records);
    // Findings, their inspections and decisions about the province's officers, for the integrity counters.
    const officers = sim.registry.flatMap((e) =>
      e.type === 'registry.officer' ? [{ officerId: e.data.officerId, unitId: e.data.unitId }] : [],
    );
    const findings: FindingMessage[] = officers.slice(0, 24).map((o, i) =>
      aFinding(`PZ-F${i}`, {
        ...o,
        severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
        detectedAt: `2025-0${6 + (i % 3)}-1${i % 10}T09:00:00+07:00`,
      }),
    );
    const inspections = findings.flatMap((f, i): InspectionEvent[] =>
      i % 3 === 0 ? [inspected(f).referred(true, '2025-09-02')] : [inspected(f).concluded(i % 2 === 0, '2025-09-01')],
    );
    const discipline: DisciplineEvent[] = findings
      .filter((_, i) => i % 3 === 0)
      .map((f) =>
        proceeding(`DP-${f.findingId}`, f.officerId!, f.unitId).decided(
          'disciplined',
          [f.findingId],
          '2025-10-01',
          'warning',
        ),
      );

    const ports = [await freePort(), await freePort()];
    /** One of two insight services on the same topics, each with its own groups and database. */
    type Insight = {
      tag: string;
      port: number;
      groups: ReturnType<typeof consumerGroups>[keyof ReturnType<typeof consumerGroups>][];
      child: Child;
    };
    const [paused, steady] = (['paused', 'steady'] as const).map((tag, i) => ({
      tag,
      port: ports[i]!,
      groups: Object.values(consumerGroups({ groupId: `it-${ns.id}-insight-${tag}` })),
      child: launch(`insight-${tag}`, 'insight', {
        INSIGHT_GROUP_ID: `it-${ns.id}-insight-${tag}`,
        INSIGHT_MONGO_DB: `${ns.db}_${tag}`,
        INSIGHT_HTTP_PORT: String(ports[i]),
        TOPIC_PREFIX: ns.topicPrefix,
      }),
    })) as [Insight, Insight];
    cleanup.push(
      () => dropNamespace({ ...ns, db: `${ns.db}_paused` }),
      () => dropNamespace({ ...ns, db: `${ns.db}_steady` }),
    );
    const health = new HealthWatch(`http://127.0.0.1:${paused.port}/health`);
    cleanup.push(() => health.stop());
    await waitFor('the paused insight service to be healthy', () => health.latest === 200, 90_000);

    const feed = publishSteadily(
      async (i) => {
        await publishRecords(bus, slice(records, i));
        await bus.publish(
          'Findings',
          slice(findings, i).map((f) => ({ key: f.findingId, value: f })),
        );
        await bus.publish(
          'Inspections',
          slice(inspections, i).map((e) => ({ key: e.officerId ?? e.unitId, value: e })),
        );
        await bus.publish(
          'Discipline',
          slice(discipline, i).map((e) => ({ key: e.officerId, value: e })),
        );
      },
      BATCHES,
      GAP_MS,
    );
    await feed.until(3);
    const resumedAt = await paused.child.pause(PAUSE_MS);
    await feed.finish();

    let caughtUpAt = 0;
    await waitFor(
      'every group of both insight services to catch up and commit',
      async () =>
        (await allCommitted(
          bus,
          [...paused.groups, ...steady.groups].map((g) => [g.group, g.topics]),
        )) && (caughtUpAt = Date.now()),
      120_000,
    );
    await waitFor(
      'the paused insight service to report healthy',
      () => health.healthySince(resumedAt),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const healthyAt = health.healthySince(resumedAt);

    const { token } = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({
      sub: 'chief',
      roles: ['leadership'],
      unitId: 'DT',
    });
    const answer = async (port: number, path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const paths = [
      '/api/insight/integrity?unitId=DT&from=2025-05-01&to=2026-01-01',
      '/api/insight/statistics?unitId=DT&from=2025-05-01&to=2026-01-01',
    ];
    const [pausedAnswers, steadyAnswers] = await Promise.all(
      [paused, steady].map((s) => Promise.all(paths.map((p) => answer(s.port, p)))),
    );
    const integrity = pausedAnswers![0]!.body as { findings?: { total?: number } };
    process.stderr.write(
      `[consumer-rejoin] insight: paused ${PAUSE_MS} ms (session ${SESSION_TIMEOUT_MS} ms), ` +
        `refused commits after SIGCONT: ${paused.child.logged('Response OffsetCommit', resumedAt).length}; ` +
        `all committed ${caughtUpAt - resumedAt} ms after SIGCONT, ` +
        `healthy for good ${healthyAt === undefined ? 'never' : healthyAt - resumedAt} ms; ` +
        `503 meanwhile: ${JSON.stringify(health.downReasons(resumedAt))}; ` +
        `${records.length} input records, ${integrity.findings?.total} findings counted\n`,
    );
    expect(pausedAnswers!.map((a) => a.status)).toEqual([200, 200]);
    // Not a comparison of zeros: every finding published is counted once.
    expect(integrity.findings?.total).toBe(findings.length);
    expect(pausedAnswers).toEqual(steadyAnswers);
    expect(healthyAt).toBeDefined();
    expect(healthyAt! - resumedAt).toBeLessThanOrEqual(HEALTHY_WITHIN_MS);
  }, 300_000);

  it('a discipline service paused while referrals, registry and calendar flow opens one proceeding per referral, records every event once, and reports healthy within a minute', async () => {
    const { ns, bus } = await setUp();
    const group = `it-${ns.id}-discipline`;
    const db = `${ns.db}_discipline`;
    cleanup.push(() => dropNamespace({ ...ns, db }));
    const port = await freePort();
    const discipline = launch('discipline', 'discipline', {
      DISCIPLINE_GROUP_ID: group,
      DISCIPLINE_MONGO_DB: db,
      DISCIPLINE_HTTP_PORT: String(port),
      QUEUE_PREFIX: `${ns.queuePrefix}-d`,
      AUDIT_KEY: auditKeyOf(ns),
      TOPIC_PREFIX: ns.topicPrefix,
    });
    const health = new HealthWatch(`http://127.0.0.1:${port}/health`);
    cleanup.push(() => health.stop());
    const announced: TopicTail<'Discipline'> = await bus.tail('Discipline', `it-${ns.id}-discipline-reader`);
    cleanup.push(() => announced.stop());
    await waitFor('the discipline service to be healthy', () => health.latest === 200, 90_000);

    // Each batch: three officers referred (one referral each), three findings concluded, a unit
    // and an officer in the registry, a calendar year.
    const perBatch = (i: number) =>
      Array.from({ length: 3 }, (_, j) => {
        const officerId = `RJD-O${i}-${j}`;
        return aFinding(`RJD-F${i}-${j}`, { unitId: `RJD-U${i}`, officerId, detectedAt: '2025-06-10T09:00:00+07:00' });
      });
    const events = (i: number): InspectionEvent[] =>
      perBatch(i).flatMap((f) => [
        inspected(f).concluded(true, '2025-09-01'),
        inspected(f).referred(true, '2025-09-02'),
      ]);
    const registry = (i: number): AnyEvent[] => [
      {
        eventId: `rjd-unit-${i}`,
        type: 'registry.unit',
        schemaVersion: 1,
        occurredAt: '2025-01-01T08:00:00+07:00',
        data: { unitId: `RJD-U${i}`, name: `RJD ${i}`, level: 'district' },
      },
    ];
    const feed = publishSteadily(
      async (i) => {
        await bus.publish(
          'Inspections',
          events(i).map((e) => ({ key: e.officerId ?? e.unitId, value: e })),
        );
        await bus.publish(
          'RegistryEvents',
          registry(i).map((e) => ({ key: `RJD-U${i}`, value: e })),
        );
        await bus.publish('Calendar', [
          { key: String(2100 + i), value: { year: 2100 + i, daysOff: [], source: `rejoin test ${i}` } },
        ]);
      },
      BATCHES,
      GAP_MS,
    );
    await feed.until(3);
    const resumedAt = await discipline.pause(PAUSE_MS);
    await feed.finish();

    let caughtUpAt = 0;
    await waitFor(
      'every consumer of the discipline service to catch up and commit',
      async () =>
        (await allCommitted(bus, [
          [`${group}-inspections`, ['Inspections']],
          [`${group}-registry`, ['RegistryEvents']],
          [`${group}-calendar`, ['Calendar']],
        ])) && (caughtUpAt = Date.now()),
      120_000,
    );
    await waitFor(
      'the discipline service to report healthy',
      () => health.healthySince(resumedAt),
      Math.max(1, resumedAt + HEALTHY_WITHIN_MS - Date.now()),
    );
    const all = Array.from({ length: BATCHES }, (_, i) => perBatch(i)).flat();
    await waitFor(
      'a proceeding.opened announced for every referral',
      () =>
        new Set(announced.messages.filter((m) => m.value.type === 'proceeding.opened').map((m) => m.value.proceedingId))
          .size >= all.length,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const healthyAt = health.healthySince(resumedAt);
    const store = await openDb({ ...ns, db });
    const proceedings = await store.db
      .collection('proceedings')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    const history = await store.db
      .collection('officer_events')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    await store.close();
    const opened = announced.messages.filter((m) => m.value.type === 'proceeding.opened');
    process.stderr.write(
      `[consumer-rejoin] discipline: paused ${PAUSE_MS} ms (session ${SESSION_TIMEOUT_MS} ms), ` +
        `refused commits after SIGCONT: ${discipline.logged('Response OffsetCommit', resumedAt).length}; ` +
        `all committed ${caughtUpAt - resumedAt} ms after SIGCONT, ` +
        `healthy for good ${healthyAt === undefined ? 'never' : healthyAt - resumedAt} ms; ` +
        `503 meanwhile: ${JSON.stringify(health.downReasons(resumedAt))}; ` +
        `${proceedings.length} proceedings, ${opened.length} proceeding.opened messages, ${history.length} history entries\n`,
    );
    expect(proceedings.map((p) => String(p._id)).sort()).toEqual(all.map((f) => `DP-${f.findingId}`).sort());
    expect(history.map((h) => String(h._id)).sort()).toEqual(
      Array.from({ length: BATCHES }, (_, i) => events(i))
        .flat()
        .map((e) => e.eventId)
        .sort(),
    );
    // Announced once each: the same event id is never published for two proceedings.
    expect(new Set(opened.map((m) => m.value.eventId)).size).toBe(all.length);
    expect(healthyAt).toBeDefined();
    expect(healthyAt! - resumedAt).toBeLessThanOrEqual(HEALTHY_WITHIN_MS);
  }, 300_000);
});
