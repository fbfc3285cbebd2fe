import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { type AnyEvent } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import { KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { DetectorModule } from '../../services/detector/src/app.module';
import { loadDetectorConfig, type DetectorConfig } from '../../services/detector/src/config';
import { InspectionModule } from '../../services/inspection/src/app.module';
import { loadInspectionConfig, type InspectionConfig } from '../../services/inspection/src/config';
import { loadDisciplineConfig, type DisciplineConfig } from '../../services/discipline/src/config';
import { loadInsightConfig, type InsightConfig } from '../../services/insight/src/config';

/**
 * The local stack's Redis, with the password it made (.local/redis-password, deploy/local/stack.mjs)
 * when REDIS_URL does not say otherwise: a jest run by hand finds the Redis that `npm run infra` started.
 */
function localRedisUrl(): string {
  const file = join(__dirname, '..', '..', '.local', 'redis-password');
  const password = process.env['REDIS_PASSWORD'] ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  return `redis://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${process.env['REDIS_PORT'] ?? 6379}`;
}

/** Where the infrastructure that `npm test` started listens (same env overrides as the services). */
export const infra = {
  brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  mongoUrl: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017/',
  redisUrl: process.env['REDIS_URL'] ?? localRedisUrl(),
};

/** A private namespace per test file: its own topics, consumer groups, database and queue prefix. */
export interface Namespace {
  id: string;
  topicPrefix: string;
  db: string;
  queuePrefix: string;
}

export function namespace(): Namespace {
  const id = randomBytes(4).toString('hex');
  return { id, topicPrefix: `it-${id}-`, db: `it_${id}`, queuePrefix: `it-${id}` };
}

export function detectorConfig(ns: Namespace): DetectorConfig {
  return {
    ...loadDetectorConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-detector`,
    mongoDb: ns.db,
  };
}

/** The audit key of a namespace's services: one per namespace, the same for every instance and restart. */
export function auditKeyOf(ns: Namespace): string {
  return createHash('sha256').update(`audit-key:${ns.id}`).digest('hex');
}

export function inspectionConfig(ns: Namespace): InspectionConfig {
  return {
    ...loadInspectionConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    redisUrl: infra.redisUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-inspection`,
    mongoDb: ns.db,
    queuePrefix: ns.queuePrefix,
    detectorHealthUrl: '',
    auditKey: auditKeyOf(ns),
    // Tests sign in far faster than people, all from 127.0.0.1: the limits are out of their way
    // here, and test/sign-in-limits.int-spec.ts sets its own.
    signInLimits: { perAddress: 100_000, perAccount: 100_000, windowMs: 60_000 },
  };
}

/** The discipline service's configuration in a namespace (its own database and queues), on any free port. */
export function disciplineConfig(ns: Namespace, tokenSecret: string): DisciplineConfig {
  return {
    ...loadDisciplineConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    redisUrl: infra.redisUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-discipline`,
    mongoDb: `${ns.db}_discipline`,
    queuePrefix: `${ns.queuePrefix}-d`,
    tokenSecret,
    httpPort: 0,
  };
}

/** The insight service's configuration in a namespace (its own database), on any free port. */
export function insightConfig(ns: Namespace, tokenSecret: string): InsightConfig {
  return {
    ...loadInsightConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-insight`,
    mongoDb: `${ns.db}_insight`,
    tokenSecret,
    httpPort: 0,
  };
}

/** Polls `check` until it returns a truthy value; fails with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Boots the detector in-process and waits until its input consumer has joined the group. */
export async function startDetector(ns: Namespace, overrides: Partial<DetectorConfig> = {}): Promise<INestApplication> {
  const app = await NestFactory.create(DetectorModule.forRoot({ ...detectorConfig(ns), ...overrides }), {
    logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
  });
  await app.init();
  const health = app.get(HealthRegistry);
  await waitFor('the detector to join its consumer group', () => {
    const c = health.snapshot().components['input-consumer'];
    return c?.up === true && (c.detail ?? '').startsWith('partitions');
  });
  return app;
}

export async function startInspection(ns: Namespace): Promise<INestApplication> {
  const app = await NestFactory.create(InspectionModule.forRoot(inspectionConfig(ns)), {
    logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
  });
  await app.init();
  const health = app.get(HealthRegistry);
  await waitFor('the inspection service to start', () => health.snapshot().status === 'up');
  return app;
}

/** Serves `app` on a free loopback port; its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
}

export function busFor(ns: Namespace): KafkaBus {
  return new KafkaBus({ brokers: infra.brokers, clientId: `it-${ns.id}-producer`, topicPrefix: ns.topicPrefix });
}

/**
 * Publishes events as an upstream system would: case and complaint events to the case topic,
 * money to the finance topic, registry to its own, keyed by case; a `clock.tick` goes to every
 * partition of both case and finance topics.
 */
export async function publish(bus: KafkaBus, events: AnyEvent[], partitions = 6): Promise<void> {
  type Out = {
    topic: 'CaseEvents' | 'FinanceEvents' | 'RegistryEvents';
    key: string;
    value: AnyEvent;
    partition?: number;
  };
  const out: Out[] = [];
  for (const e of events) {
    if (e.type === 'clock.tick') {
      for (let p = 0; p < partitions; p += 1) {
        const tick = { ...e, eventId: `${e.eventId}-p${p}` };
        out.push({ topic: 'CaseEvents', key: `tick-${p}`, value: tick, partition: p });
        out.push({ topic: 'FinanceEvents', key: `tick-${p}`, value: tick, partition: p });
      }
      continue;
    }
    const topic = e.type.startsWith('finance.')
      ? 'FinanceEvents'
      : e.type.startsWith('registry.')
        ? 'RegistryEvents'
        : 'CaseEvents';
    out.push({ topic, key: ('caseId' in e ? e.caseId : undefined) ?? e.eventId, value: e });
  }
  // Consecutive messages to one topic go in one request; order within a partition is kept.
  for (let i = 0; i < out.length;) {
    let j = i;
    while (j < out.length && out[j]!.topic === out[i]!.topic) j += 1;
    await bus.publish(
      out[i]!.topic,
      out
        .slice(i, j)
        .map(({ key, value, partition }) => ({ key, value, ...(partition === undefined ? {} : { partition }) })),
    );
    i = j;
  }
}

/** One `clock.tick` at midnight (Vietnam time) of every day from `from` to `to`, as a clock service sends them. */
export function dailyTicks(from: string, to: string): AnyEvent[] {
  const out: AnyEvent[] = [];
  for (let t = Date.parse(`${from}T00:00:00+07:00`); t <= Date.parse(`${to}T00:00:00+07:00`); t += 86_400_000) {
    const day = new Date(t + 7 * 3600_000).toISOString().slice(0, 10);
    out.push({
      eventId: `tick-${day}`,
      type: 'clock.tick',
      schemaVersion: 1,
      occurredAt: `${day}T00:00:00+07:00`,
      data: {},
    });
  }
  return out;
}

export async function openDb(ns: Namespace): Promise<{ db: Db; close(): Promise<void> }> {
  const client = await MongoClient.connect(infra.mongoUrl);
  return { db: client.db(ns.db), close: () => client.close() };
}

/**
 * Drops the namespace's database and deletes its topics. The topics matter as much: a full run
 * makes some hundred namespaces of a dozen topics each, and a broker that keeps all of their
 * partitions answers metadata more slowly for every later test (a developer's Kafka, never wiped,
 * held 15,000 partitions and no longer started within two minutes). Deleting is best-effort.
 */
export async function dropNamespace(ns: Namespace): Promise<void> {
  const client = await MongoClient.connect(infra.mongoUrl);
  await client.db(ns.db).dropDatabase();
  await client.close();
  const admin = new Kafka({
    clientId: `it-${ns.id}-cleanup`,
    brokers: infra.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(ns.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // Left for the next wipe of the local stack: nothing a test asserts depends on it.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** One planted irregularity per rule of the foundation slice, plus a clean case. */
export function scenario(tag: string, year = 2025): { events: AnyEvent[]; expected: string[] } {
  const d = (monthDay: string) => `${year}-${monthDay}`;
  const late = aCase(`${tag}-late`).on(d('03-03')).received().assigned('O-1').on(d('03-14')).decisionIssued().closed();
  const payout = aCase(`${tag}-pay`)
    .on(d('03-03'))
    .received()
    .decisionIssued()
    .on(d('03-04'))
    .collected(250_000_000)
    .on(d('03-20'))
    .disbursed(250_000_000)
    .closed();
  const payee = aCase(`${tag}-payee`)
    .on(d('03-03'))
    .received({ creditorIds: ['P1'] })
    .decisionIssued()
    .on(d('03-05'))
    .collected(9_000_000)
    .on(d('03-06'))
    .disbursed(9_000_000, `P-nephew-${tag}`)
    .closed();
  const auction = aCase(`${tag}-auction`)
    .on(d('03-03'))
    .received()
    .decisionIssued()
    .on(d('03-10'))
    .valued('A1', 2_000_000_000)
    .on(d('04-10'))
    .auctionSold('A1', 1_000_000_000)
    .closed();
  const clean = aCase(`${tag}-clean`)
    .on(d('03-03'))
    .received({ creditorIds: [`P-${tag}`] })
    .decisionIssued()
    .on(d('03-04'))
    .collected(5_000_000)
    .on(d('03-07'))
    .disbursed(5_000_000, `P-${tag}`)
    .closed();
  const events = [late, payout, payee, auction, clean]
    .flatMap((c) => c.events)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return {
    events: [...events, tick(`${d('12-31')}T00:00:00+07:00`, `tick-${tag}`)],
    expected: [
      `late-decision@${tag}-late`,
      `payout-overdue@${tag}-pay`,
      `payee-not-party@${tag}-payee`,
      `auction-below-valuation@${tag}-auction`,
    ].sort(),
  };
}

/** Many cases of `scenario` in one year, time-ordered, with a clock service's daily ticks. */
export function province(prefix: string, cases: number, year: number): { events: AnyEvent[]; expected: string[] } {
  const all = Array.from({ length: cases }, (_, i) => scenario(`${prefix}${i}`, year));
  const events = [
    ...all.flatMap((c) => c.events.filter((e) => e.type !== 'clock.tick')),
    ...dailyTicks(`${year}-03-04`, `${year}-05-31`),
  ].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return { events, expected: all.flatMap((c) => c.expected).sort() };
}

/** A registry event as the agency's personnel system publishes it. */
export function registryEvent(eventId: string, type: string, data: Record<string, unknown>): AnyEvent {
  return { eventId, type, schemaVersion: 1, occurredAt: '2025-01-01T08:00:00+07:00', data } as AnyEvent;
}

/** Publishes registry events on the namespace's registry topic (each service builds its own view from it). */
export async function publishRegistry(ns: Namespace, events: AnyEvent[]): Promise<void> {
  const bus = busFor(ns);
  try {
    await bus.connect();
    await bus.ensureTopics();
    // Keyed by the entity id, as EVENTS.md says: the latest event of an entity replaces the earlier one.
    const keyOf = (e: AnyEvent) => {
      const d = e.data as Record<string, unknown>;
      const id = d['officerId'] ?? d['unitId'];
      return typeof id === 'string' ? id : e.eventId;
    };
    await bus.publish(
      'RegistryEvents',
      events.map((e) => ({ key: keyOf(e), value: e })),
    );
  } finally {
    await bus.disconnect();
  }
}

/** The province and two area offices, published on the registry topic. */
export async function seedUnits(ns: Namespace): Promise<void> {
  await publishRegistry(ns, [
    registryEvent('r1', 'registry.unit', { unitId: 'DT', name: 'Tỉnh', level: 'province' }),
    registryEvent('r2', 'registry.unit', { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' }),
    registryEvent('r3', 'registry.unit', { unitId: 'DT-KV02', name: 'KV02', level: 'district', parentUnitId: 'DT' }),
  ]);
}

/** Waits until the service's registry view has caught up with the registry topic. */
export async function registryViewReady(app: INestApplication): Promise<void> {
  const health = app.get(HealthRegistry);
  await waitFor('the registry view to catch up', () => health.snapshot().components['registry-view']?.up === true);
}
