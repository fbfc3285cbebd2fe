import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Queue, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { TokenSigner } from '@thads/auth';
import {
  Queues,
  disciplineJobId,
  parseInspectionEvent,
  type AnyEvent,
  type DisciplineDeadlineJob,
  type DisciplineEvent,
  type InspectionEventOf,
} from '@thads/contracts';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { DisciplineModule } from '../services/discipline/src/app.module';
import { loadDisciplineConfig } from '../services/discipline/src/config';
import type { Clock } from '../services/discipline/src/core/clock';
import { busFor, dropNamespace, infra, namespace, publishRegistry, registryEvent, waitFor } from './support/harness';

const SECRET = '12'.repeat(32);

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

/** A referral as the inspection service publishes it on `integrity.inspections.v1`. */
function referral(
  findingId: string,
  officerId: string,
  over: { detectedAt?: string; severity?: 'low' | 'high'; concludedAt?: string } = {},
): InspectionEventOf<'inspection.referred'> {
  const at = over.concludedAt ?? '2026-12-07T02:00:00.000Z';
  return {
    eventId: `inspection.referred:${findingId}:r4`,
    type: 'inspection.referred',
    schemaVersion: 1,
    occurredAt: at,
    inspectionId: findingId,
    unitId: 'DT-KV01',
    officerId,
    finding: {
      findingId,
      ruleId: 'payout-overdue',
      ruleVersion: 1,
      severity: over.severity ?? 'high',
      detectedAt: over.detectedAt ?? '2025-09-10T10:00:00+07:00',
      title: { vi: 'Chậm chi trả', en: 'Late payout' },
    },
    data: {
      target: 'discipline_committee',
      note: 'art. 47',
      by: 'sup',
      conclusion: { result: 'substantiated', reasoning: 'r', truePositive: true, by: 'insp', at },
    },
  };
}

/**
 * The proceedings' time limits as delayed BullMQ jobs on the working-day calendar, driven by a
 * controllable clock: referrals published on the inspections topic open, join, or — past the
 * limitation period — cannot open a proceeding; the council's five working days are reminded to
 * the authority's leaders on the last working day and reported overdue after; when the time to
 * decide runs out the proceeding is closed. A job that runs before its instant by the clock puts
 * itself back.
 */
describe('discipline time limits: reminders, overdue reports and closure as delayed jobs', () => {
  const ns = namespace();
  const db = `${ns.db}_discipline`;
  const queuePrefix = `${ns.queuePrefix}-d`;
  // Monday 7 December 2026, 09:00 in Vietnam.
  const clock = new TestClock(Date.parse('2026-12-07T09:00:00+07:00'));
  let app: INestApplication;
  let base = '';
  let bus: KafkaBus;
  let tail: TopicTail<'Discipline'>;
  let redis: IORedis;
  let deadlines: Queue<DisciplineDeadlineJob>;
  const chair = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({
    sub: 'chair',
    roles: ['committee_chair'],
    unitId: 'DT-KV01',
    officerId: 'H1',
  }).token;

  const on = (type: DisciplineEvent['type'], proceedingId: string) =>
    waitFor(`${type} of ${proceedingId} on the topic`, () =>
      tail.messages.map((m) => m.value).find((e) => e.type === type && e.proceedingId === proceedingId),
    );
  /** Lets a job run now, as if its delay had passed in Redis, and waits until the worker has handled it. */
  const runNow = async (jobId: string): Promise<Job<DisciplineDeadlineJob>> => {
    const before = await waitFor(`job ${jobId}`, () => deadlines.getJob(jobId));
    const processed = before.processedOn ?? 0;
    await before.promote();
    return waitFor(`job ${jobId} handled`, async () => {
      const j = await deadlines.getJob(jobId);
      const state = await j?.getState();
      return j &&
        (j.processedOn ?? 0) > processed &&
        (state === 'completed' || state === 'delayed' || state === 'failed')
        ? j
        : undefined;
    });
  };

  beforeAll(async () => {
    const officer = (officerId: string, unitId: string, role: string) =>
      registryEvent(`ro-${officerId}`, 'registry.officer', {
        officerId,
        unitId,
        name: officerId,
        role,
        relatedPartyIds: [],
        bankAccountHashes: [],
      });
    await publishRegistry(ns, [
      registryEvent('r1', 'registry.unit', { unitId: 'DT', name: 'Tỉnh', level: 'province' }),
      registryEvent('r2', 'registry.unit', { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' }),
      officer('S', 'DT-KV01', 'enforcement_officer'),
      officer('T', 'DT-KV01', 'enforcement_officer'),
      officer('H1', 'DT-KV01', 'head'),
      officer('D1', 'DT-KV01', 'deputy_head'),
    ] as AnyEvent[]);
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    deadlines = new Queue<DisciplineDeadlineJob>(Queues.DisciplineDeadlines, {
      connection: redis,
      prefix: queuePrefix,
    });
    app = await NestFactory.create(
      DisciplineModule.forRoot(
        {
          ...loadDisciplineConfig({}),
          kafkaBrokers: infra.brokers,
          mongoUrl: infra.mongoUrl,
          redisUrl: infra.redisUrl,
          topicPrefix: ns.topicPrefix,
          groupId: `it-${ns.id}-discipline`,
          mongoDb: db,
          queuePrefix,
          tokenSecret: SECRET,
        },
        { clock },
      ),
      { logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const health = app.get(HealthRegistry);
    await waitFor('the discipline service to be up', () => health.snapshot().status === 'up', 120_000);
    bus = busFor(ns);
    tail = await bus.tail('Discipline', `it-${ns.id}-deadlines-reader`);
  }, 180_000);

  afterAll(async () => {
    await tail.stop();
    await bus.disconnect();
    await app.close();
    await deadlines.obliterate({ force: true }).catch(() => undefined);
    await deadlines.close();
    redis.disconnect();
    await dropNamespace(ns);
    await dropNamespace({ ...ns, db });
  });

  it('opens on a referral, joins the next one, and refuses one past its limitation period', async () => {
    const events = [
      referral('F1', 'S'),
      referral('F2', 'S', { detectedAt: '2025-10-01T10:00:00+07:00' }),
      // A low-severity act of 2019 referred in 2026: past its 5 years.
      referral('F-OLD', 'T', { severity: 'low', detectedAt: '2019-03-01T10:00:00+07:00' }),
      // Delivered twice: the second changes nothing.
      referral('F1', 'S'),
    ];
    expect(events.every((e) => parseInspectionEvent(e).ok)).toBe(true);
    await bus.publish(
      'Inspections',
      events.map((e) => ({ key: e.officerId!, value: e })),
    );
    expect((await on('proceeding.opened', 'DP-F1')).data).toMatchObject({
      findingIds: ['F1'],
      decisionDueOn: '2027-03-08',
    });
    expect((await on('proceeding.joined', 'DP-F1')).data).toEqual({ findingIds: ['F2'] });
    expect((await on('proceeding.time_barred', 'DP-F-OLD')).data).toMatchObject({
      findingIds: ['F-OLD'],
      factsOn: '2019-03-01',
      expiredOn: '2024-03-01',
    });
    const p = (await (
      await fetch(`${base}/api/discipline/proceedings/DP-F1`, { headers: { authorization: `Bearer ${chair}` } })
    ).json()) as { findings: { findingId: string }[]; status: string };
    expect(p.findings.map((f) => f.findingId)).toEqual(['F1', 'F2']);
  });

  it('reminds the authority on the last working day before the council is due, not before', async () => {
    const remind = disciplineJobId('remind', 'DP-F1', 'form_council', '2026-12-14');
    const early = await runNow(remind);
    expect(await early.getState()).toBe('delayed');
    clock.t = Date.parse('2026-12-11T08:00:00+07:00');
    const job = await runNow(remind);
    expect([await job.getState(), job.returnvalue]).toEqual([
      'completed',
      'reminded D1, H1 of form_council due 2026-12-14',
    ]);
    const reminders = (await (
      await fetch(`${base}/api/discipline/reminders`, { headers: { authorization: `Bearer ${chair}` } })
    ).json()) as { items: unknown[] };
    expect(reminders.items).toEqual([
      { proceedingId: 'DP-F1', step: 'form_council', dueOn: '2026-12-14', at: new Date(clock.t).toISOString() },
    ]);
  });

  it('reports the council overdue once its due day has passed without it', async () => {
    clock.t = Date.parse('2026-12-15T00:00:00+07:00');
    const job = await runNow(disciplineJobId('overdue', 'DP-F1', 'form_council', '2026-12-14'));
    expect(job.returnvalue).toBe('form_council overdue since 2026-12-14');
    expect((await on('proceeding.overdue', 'DP-F1')).data).toEqual({ step: 'form_council', dueOn: '2026-12-14' });
  });

  it('closes the proceeding when the time to decide runs out', async () => {
    clock.t = Date.parse('2027-03-09T00:00:00+07:00');
    const job = await runNow(disciplineJobId('overdue', 'DP-F1', 'decide', '2027-03-08'));
    expect(job.returnvalue).toBe('closed: the time to decide ran out on 2027-03-08');
    expect((await on('proceeding.closed', 'DP-F1')).data).toEqual({
      closedOn: '2027-03-09',
      reason: 'time_to_decide_passed',
    });
    const overdue = tail.messages.map((m) => m.value).filter((e) => e.type === 'proceeding.overdue');
    expect(overdue.map((e) => e.data)).toContainEqual({ step: 'decide', dueOn: '2027-03-08' });
    const p = (await (
      await fetch(`${base}/api/discipline/proceedings/DP-F1`, { headers: { authorization: `Bearer ${chair}` } })
    ).json()) as { status: string };
    expect(p.status).toBe('closed_time_barred');
  });
});
