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
import { AuditTrail } from '@thads/audit';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publishRegistry,
  registryEvent,
  waitFor,
} from './support/harness';

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

  // U, the subject of DP-F9 (opened below), on their own account.
  const subjectU = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({
    sub: 'u',
    roles: ['inspector'],
    unitId: 'DT-KV01',
    officerId: 'U',
  }).token;

  type AuditRow = { action: string; subject: string; after?: Record<string, unknown> };
  const auditEntries = async (): Promise<AuditRow[]> => {
    const { db: d, close } = await openDb({ ...ns, db });
    const rows = await d.collection<AuditRow>('audit_trail').find().toArray();
    await close();
    return rows;
  };
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
      if (!j || (j.processedOn ?? 0) <= processed) return undefined;
      if (state !== 'completed' && state !== 'delayed' && state !== 'failed') return undefined;
      // Read again once it is done: the copy read above may be of the running job (no return value yet).
      return deadlines.getJob(jobId);
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
      officer('U', 'DT-KV01', 'enforcement_officer'),
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
          // Small, to reach it in a test.
          documentsPerProceeding: 2,
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

  it('reports the council overdue once its due day has passed without it, and audits it once however often the job runs', async () => {
    clock.t = Date.parse('2026-12-15T00:00:00+07:00');
    const jobId = disciplineJobId('overdue', 'DP-F1', 'form_council', '2026-12-14');
    const job = await runNow(jobId);
    expect(job.returnvalue).toBe('form_council overdue since 2026-12-14');
    expect((await on('proceeding.overdue', 'DP-F1')).data).toEqual({ step: 'form_council', dueOn: '2026-12-14' });
    // The job runs again (a retry after a failure later in its run, a redelivery).
    const first = job.finishedOn ?? 0;
    await job.retry('completed');
    await waitFor('the overdue job run again', async () => {
      const j = await deadlines.getJob(jobId);
      return j && (j.finishedOn ?? 0) > first && (await j.getState()) === 'completed' ? j : undefined;
    });
    const entries = await auditEntries();
    expect(
      entries.filter(
        (e) =>
          e.action === 'deadline.overdue' && e.subject === 'proceeding:DP-F1' && e.after?.['dueOn'] === '2026-12-14',
      ),
    ).toHaveLength(1);
  });

  it('answers a step whose audit append failed, and records the entry once when the relay retries it', async () => {
    await bus.publish('Inspections', [{ key: 'U', value: referral('F9', 'U') }]);
    await on('proceeding.opened', 'DP-F9');
    const audit = app.get(AuditTrail);
    // Steps record their entry with `appendOnce` (one entry per step, however often it is retried).
    const appendOnce = audit.appendOnce.bind(audit);
    let down = true;
    let refused = 0;
    audit.appendOnce = (entryId, input) => {
      if (!down) return appendOnce(entryId, input);
      refused += 1;
      return Promise.reject(new Error('the store is away'));
    };
    try {
      const res = await fetch(`${base}/api/discipline/proceedings/DP-F9/extension`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chair}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'Nhiều tình tiết phức tạp cần xác minh' }),
      });
      // The step is saved: its entry waits in the proceeding for the relay instead of being lost.
      expect(res.status).toBe(200);
      expect(refused).toBeGreaterThanOrEqual(1);
    } finally {
      down = false;
      audit.appendOnce = appendOnce;
    }
    const extended = (e: AuditRow) => e.action === 'proceeding.deadline_extended' && e.subject === 'proceeding:DP-F9';
    await waitFor('the relay to append the entry', async () =>
      (await auditEntries()).some(extended) ? true : undefined,
    );
    await waitFor('the relay to forget it', async () => {
      const { db: d, close } = await openDb({ ...ns, db });
      const p = await d.collection<{ _id: string; unsent: boolean }>('proceedings').findOne({ _id: 'DP-F9' });
      await close();
      return p?.unsent === false ? true : undefined;
    });
    expect((await auditEntries()).filter(extended)).toHaveLength(1);
    expect((await on('proceeding.deadline_extended', 'DP-F9')).data).toMatchObject({ decisionDueOn: '2027-05-06' });
    const verified = (await (
      await fetch(`${base}/api/discipline/audit/verify`, { headers: { authorization: `Bearer ${chair}` } })
    ).json()) as { ok: boolean };
    expect(verified.ok).toBe(true);
  });

  it("caps the subject's documents per proceeding and pages an officer's history, with clear answers", async () => {
    const upload = (name: string, content: Buffer) =>
      fetch(`${base}/api/discipline/proceedings/DP-F9/documents?name=${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${subjectU}`, 'content-type': 'text/plain' },
        body: content,
      });
    expect((await upload('a.txt', Buffer.from('Giải trình thứ nhất', 'utf8'))).status).toBe(201);
    expect((await upload('b.txt', Buffer.from('Giải trình thứ hai', 'utf8'))).status).toBe(201);
    const third = await upload('c.txt', Buffer.from('Giải trình thứ ba', 'utf8'));
    expect(third.status).toBe(413);
    expect(await third.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      params: { limit: '2 documents per proceeding (2 uploaded)' },
    });
    // The same document again is stored once and counts once.
    expect((await upload('a-again.txt', Buffer.from('Giải trình thứ nhất', 'utf8'))).status).toBe(201);
    // One document is capped as it is read.
    const huge = await upload('big.txt', Buffer.alloc(9 * 1024 * 1024, 0x61));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    // S's history: two referrals (F1, F2), one step a page, newest first.
    const history = async (query: string) =>
      fetch(`${base}/api/discipline/officers/S/history${query}`, { headers: { authorization: `Bearer ${chair}` } });
    const first = (await (await history('?limit=1')).json()) as {
      findings: { findingId: string }[];
      next?: string;
      proceedings: unknown[];
    };
    expect(first.findings.map((f) => f.findingId)).toEqual(['F2']);
    expect(first.next).toEqual(expect.any(String));
    const second = (await (await history(`?limit=1&before=${first.next!}`)).json()) as typeof first;
    expect(second.findings.map((f) => f.findingId)).toEqual(['F1']);
    expect(second.next).toBeUndefined();
    expect(second.proceedings).toHaveLength(1);
    expect((await history('?limit=501')).status).toBe(400);
    expect(await (await history('?before=not-a-cursor')).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'before',
    });
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
