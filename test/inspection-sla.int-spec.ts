import { Queue, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { JobNames, Queues, slaJobId, type SlaJob } from '@thads/contracts';
import type { KafkaBus } from '@thads/messaging';
import type { Clock } from '../services/inspection/src/core/clock';
import {
  busFor,
  dropNamespace,
  infra,
  inspectionConfig,
  namespace,
  openDb,
  seedUnits,
  waitFor,
} from './support/harness';
import { InspectionUnderTest, findingMessage, userDoc } from './support/inspection-client';

/** A clock the test moves by hand. */
class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const vn = (iso: string) => Date.parse(iso);

/**
 * SLA over the real stack with a controllable clock: an assigned critical inspection is due two
 * working days later, reminded the day before and escalated to the supervisors who can see its
 * unit after; the jobs are delayed BullMQ jobs that survive a restart of the service; a job
 * that runs early (here: promoted by the test) does nothing until the clock has reached its
 * instant. Jobs that keep failing are listed for an administrator.
 */
describe('inspection SLA: reminders and escalation as delayed BullMQ jobs, driven by a controllable clock', () => {
  const ns = namespace();
  // Monday 2 March 2026, 09:00 in Vietnam.
  const clock = new TestClock(vn('2026-03-02T09:00:00+07:00'));
  const config = { ...inspectionConfig(ns), assignmentRetryMs: 300 };
  let svc: InspectionUnderTest;
  let bus: KafkaBus;
  let redis: IORedis;
  let sla: Queue<SlaJob>;

  const task = async (id: string) =>
    (await svc.call('GET', `/api/findings/${id}`, 'sup')).body['finding'] as Record<string, string | undefined>;
  const notifications = async (who: string) =>
    ((await svc.call('GET', '/api/notifications', who)).body['items'] as { kind: string; findingId: string }[]).map(
      (n) => `${n.kind} ${n.findingId}`,
    );
  /** Lets the job run now, as if its delay had passed in Redis, and waits until the worker has handled it. */
  const runNow = async (jobId: string): Promise<Job<SlaJob>> => {
    const before = (await sla.getJob(jobId))!;
    const processed = before.processedOn ?? 0;
    await before.promote();
    return waitFor(`job ${jobId} handled`, async () => {
      const j = await sla.getJob(jobId);
      const state = await j?.getState();
      return j &&
        (j.processedOn ?? 0) > processed &&
        (state === 'completed' || state === 'delayed' || state === 'failed')
        ? j
        : undefined;
    });
  };

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp', ['inspector'], 'DT'),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
        await userDoc('sup-kv02', ['inspection_supervisor'], 'DT-KV02'),
        await userDoc('admin', ['admin'], 'DT'),
        await userDoc('admin-kv01', ['admin'], 'DT-KV01'),
        await userDoc('admin-kv02', ['admin'], 'DT-KV02'),
      ] as never[]);
    await close();
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    sla = new Queue<SlaJob>(Queues.Sla, { connection: redis, prefix: ns.queuePrefix });
    svc = await InspectionUnderTest.start(config, { clock });
    bus = busFor(ns);
    await bus.publish('Findings', [
      { key: 'S1', value: findingMessage('S1', { severity: 'critical', caseId: 'CS1', officerId: 'OFF-S1' }) },
      { key: 'S2', value: findingMessage('S2', { severity: 'critical', caseId: 'CS2', officerId: 'OFF-S2' }) },
    ]);
    await waitFor(
      'both inspections assigned',
      async () => (await task('S1'))['assignee'] && (await task('S2'))['assignee'],
    );
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await sla.close();
    redis.disconnect();
    await dropNamespace(ns);
  });

  it('sets the due date in working days and schedules the reminder and the escalation as delayed jobs', async () => {
    const s1 = await task('S1');
    expect(s1['dueAt']).toBe(new Date(vn('2026-03-05T00:00:00+07:00')).toISOString());
    expect(s1['remindAt']).toBe(new Date(vn('2026-03-04T00:00:00+07:00')).toISOString());
    const remind = (await sla.getJob(slaJobId('remind', 'S1')))!;
    const escalate = (await sla.getJob(slaJobId('escalate', 'S1')))!;
    expect([await remind.getState(), await escalate.getState()]).toEqual(['delayed', 'delayed']);
    expect([remind.name, escalate.name]).toEqual([JobNames.SlaReminder, JobNames.SlaEscalation]);
    // Delayed by what the service's clock says is left (about 1 day 15 hours and 2 days 15 hours).
    expect(escalate.delay).toBe(vn('2026-03-05T00:00:00+07:00') - vn('2026-03-02T09:00:00+07:00'));
  });

  it('GET /metrics shows the delayed SLA jobs by queue and state, and the lag of each consumer group', async () => {
    const text = await (await fetch(`${svc.base}/metrics`)).text();
    const delayed = /bullmq_job_count\{[^}]*queue="inspection-sla"[^}]*state="delayed"[^}]*\} (\d+)/.exec(text);
    expect(Number(delayed?.[1])).toBeGreaterThanOrEqual(2);
    expect(text.match(/^# TYPE bullmq_job_count /gm)).toHaveLength(1);
    for (const group of ['', '-case-file', '-calendar', '-registry'])
      expect(text).toMatch(new RegExp(`kafka_consumer_group_lag\\{[^}]*group="it-${ns.id}-inspection${group}"`));
  });

  it('does nothing when a job runs before its time by the clock: it goes back to waiting', async () => {
    const early = await runNow(slaJobId('escalate', 'S1'));
    expect(await early.getState()).toBe('delayed');
    expect((await task('S1'))['escalatedAt']).toBeUndefined();
    expect(await notifications('sup')).toEqual([]);
  });

  it('reminds the inspector once the clock reaches the reminder', async () => {
    clock.t = vn('2026-03-04T08:00:00+07:00');
    const job = await runNow(slaJobId('remind', 'S1'));
    expect([await job.getState(), job.returnvalue]).toEqual(['completed', 'reminded insp']);
    expect(await notifications('insp')).toContain('sla.reminder S1');
    expect((await task('S1'))['remindedAt']).toBeDefined();
  });

  it('escalates after the due date, after a restart, to the supervisors who can see the unit — and not an inspection already concluded', async () => {
    // S2 is concluded in time.
    for (const [who, body] of [
      ['sup', { to: 'triaged' }],
      ['insp', { to: 'under_inspection' }],
      [
        'insp',
        {
          to: 'concluded',
          result: 'unsubstantiated',
          reasoning: 'paid out on day 9, receipt PC-12',
          truePositive: false,
        },
      ],
    ] as const) {
      expect((await svc.call('POST', '/api/findings/S2/transitions', who, body)).status).toBe(200);
    }
    // The service stops; the delayed jobs stay in Redis; a new instance starts with the clock past the due date.
    await svc.close();
    clock.t = vn('2026-03-05T08:00:00+07:00');
    svc = await InspectionUnderTest.start(config, { clock });

    const job = await runNow(slaJobId('escalate', 'S1'));
    expect([await job.getState(), job.returnvalue]).toEqual(['completed', 'escalated to sup']);
    expect(await notifications('sup')).toEqual(['sla.escalation S1']);
    expect(await notifications('sup-kv02')).toEqual([]);
    expect((await task('S1'))['escalatedAt']).toBe(new Date(clock.t).toISOString());

    const done = await runNow(slaJobId('escalate', 'S2'));
    expect(done.returnvalue).toBe('finding already concluded');
    expect(await notifications('sup')).toEqual(['sla.escalation S1']);

    const { db, close } = await openDb(ns);
    const entries = await db.collection('audit_trail').find({ action: 'inspection.escalated' }).toArray();
    await close();
    expect(entries.map((e): [unknown, string[]] => [e['subject'], (e['after'] as { to: string[] }).to])).toEqual([
      ['finding:S1', ['sup']],
    ]);
  });

  it('fails for good at once a job that retrying cannot fix, shows it to an administrator, who can retry it', async () => {
    // A job about a finding that does not exist: no number of retries makes it appear.
    await sla.add(
      JobNames.SlaEscalation,
      { v: 1, findingId: 'S-missing', at: 0 },
      { jobId: 'escalate-S-missing', attempts: 3, backoff: { type: 'fixed', delay: 100 } },
    );
    const failed = await waitFor('the job to fail for good', async () => {
      const j = await sla.getJob('escalate-S-missing');
      return (await j?.getState()) === 'failed' ? j : undefined;
    });
    expect(failed?.attemptsMade).toBe(1);

    const list = await svc.call('GET', '/api/admin/jobs?state=failed', 'admin');
    expect(list.status).toBe(200);
    expect(list.body['items']).toEqual([
      expect.objectContaining({
        queue: Queues.Sla,
        id: 'escalate-S-missing',
        attemptsMade: 1,
        failedReason: 'no inspection task for finding S-missing',
      }),
    ]);
    expect((list.body['counts'] as Record<string, { failed: number }>)[Queues.Sla]?.failed).toBe(1);
    expect((await svc.call('GET', '/api/admin/jobs?state=failed', 'sup')).status).toBe(403);
    expect((await svc.call('GET', '/api/admin/jobs?state=lost', 'admin')).body['field']).toBe('state');

    // An area office's administrator sees only jobs about its own units' findings: not this one
    // (its finding is unknown), not the delayed jobs of DT-KV01's inspections either.
    const scoped = await svc.call('GET', '/api/admin/jobs?state=failed', 'admin-kv02');
    expect([scoped.body['items'], scoped.body['counts']]).toEqual([
      [],
      { [Queues.Inspection]: { failed: 0 }, [Queues.Sla]: { failed: 0 }, [Queues.Suppressions]: { failed: 0 } },
    ]);
    expect((await svc.call('GET', '/api/admin/jobs?state=delayed', 'admin-kv02')).body['items']).toEqual([]);
    const own = (await svc.call('GET', `/api/admin/jobs?state=delayed&queue=${Queues.Sla}`, 'admin-kv01')).body;
    const ownFindings = (own['items'] as { data: { findingId: string } }[]).map((j) => j.data.findingId);
    expect(ownFindings.length).toBeGreaterThan(0);
    expect(ownFindings.every((id) => id === 'S1' || id === 'S2')).toBe(true);
    expect(Object.keys(own['counts'] as object)).toEqual([Queues.Sla]);
    const notTheirs = await svc.call('POST', `/api/admin/jobs/${Queues.Sla}/escalate-S-missing/retry`, 'admin-kv02');
    expect(notTheirs.status).toBe(404);

    const retried = await svc.call('POST', `/api/admin/jobs/${Queues.Sla}/escalate-S-missing/retry`, 'admin');
    expect(retried.status).toBe(200);
    await waitFor('the retried job to fail again', async () => {
      const j = await sla.getJob('escalate-S-missing');
      return (await j?.getState()) === 'failed' && j!.attemptsMade >= 1;
    });
  });
});
