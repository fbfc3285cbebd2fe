import { Queue, type Job } from 'bullmq';
import IORedis from 'ioredis';
import {
  Queues,
  inspectionJobId,
  suppressionJobId,
  type InspectionTaskJob,
  type SuppressionEndJob,
} from '@thads/contracts';
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

type Item = { id: string; ok: boolean; status?: string; code?: string; message?: { vi: string; en: string } };
/** An entry of the audit trail as stored (packages/audit). */
type AuditDoc = { _id: number; actor: string; action: string; subject: string; after?: unknown };
type Summary = { findingId: string; assignee?: string; suppressionId?: string; status: string };

/**
 * Bulk work and suppressions over the real stack (issue 14, item 4). A supervisor triages,
 * dismisses or reassigns many findings with one reason, each through the checks of its
 * single-item route and audited and published on its own. A suppression holds one rule's
 * findings in a unit back: raised meanwhile, they are stored and marked, with no inspection job,
 * hidden from the list unless asked for; lifted, or past its last day (a delayed BullMQ job on
 * the service's clock), it gives them back to assignment.
 */
describe('bulk work on findings and suppressions (HTTP, Kafka, BullMQ)', () => {
  const ns = namespace();
  // Monday 2 March 2026, 09:00 in Vietnam.
  const clock = new TestClock(vn('2026-03-02T09:00:00+07:00'));
  const config = { ...inspectionConfig(ns), assignmentRetryMs: 300 };
  let svc: InspectionUnderTest;
  let bus: KafkaBus;
  let redis: IORedis;
  let inspectionQueue: Queue<InspectionTaskJob>;
  let suppressionQueue: Queue<SuppressionEndJob>;

  const finding = async (id: string) =>
    (await svc.call('GET', `/api/findings/${id}`, 'sup')).body['finding'] as Summary | undefined;
  const listed = async (query: string, who = 'sup') =>
    ((await svc.call('GET', `/api/findings?pageSize=500${query}`, who)).body['items'] as Summary[])
      .map((f) => f.findingId)
      .sort();
  const audit = async (filter: Record<string, unknown>) => {
    const { db, close } = await openDb(ns);
    try {
      return await db.collection<AuditDoc>('audit_trail').find(filter).sort({ _id: 1 }).toArray();
    } finally {
      await close();
    }
  };
  /** Waits until the service has taken in and committed everything on the findings topic. */
  const intakeDone = () =>
    waitFor('the findings intake to catch up', async () => (await bus.lag(config.groupId, ['Findings'])) === 0);
  const raise = async (...ids: [string, Parameters<typeof findingMessage>[1]][]) => {
    await bus.publish(
      'Findings',
      ids.map(([id, over]) => ({ key: id, value: findingMessage(id, over) })),
    );
    await waitFor(`findings ${ids.map(([id]) => id).join(', ')} stored`, async () => {
      for (const [id] of ids) if (!(await finding(id))) return false;
      return true;
    });
    await intakeDone();
  };
  /** Lets a delayed job run now, as if its delay had passed in Redis, and waits until the worker has handled it. */
  const runNow = async (jobId: string): Promise<Job<SuppressionEndJob>> => {
    const before = (await suppressionQueue.getJob(jobId))!;
    const processed = before.processedOn ?? 0;
    await before.promote();
    return waitFor(`job ${jobId} handled`, async () => {
      const j = await suppressionQueue.getJob(jobId);
      const state = await j?.getState();
      return j && (j.processedOn ?? 0) > processed && (state === 'completed' || state === 'delayed') ? j : undefined;
    });
  };

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('sup', ['inspection_supervisor'], 'DT', { officerId: 'OFF-SUP' }),
        await userDoc('sup-kv01', ['inspection_supervisor'], 'DT-KV01'),
        await userDoc('sup-kv02', ['inspection_supervisor'], 'DT-KV02'),
        await userDoc('insp', ['inspector'], 'DT', { officerId: 'OFF-INSP' }),
        await userDoc('insp2', ['inspector'], 'DT', { officerId: 'OFF-INSP2' }),
        await userDoc('lead-kv01', ['leadership'], 'DT-KV01'),
        await userDoc('lead-kv02', ['leadership'], 'DT-KV02'),
      ] as never[]);
    await close();
    redis = new IORedis(infra.redisUrl, { maxRetriesPerRequest: null });
    inspectionQueue = new Queue<InspectionTaskJob>(Queues.Inspection, { connection: redis, prefix: ns.queuePrefix });
    suppressionQueue = new Queue<SuppressionEndJob>(Queues.Suppressions, { connection: redis, prefix: ns.queuePrefix });
    svc = await InspectionUnderTest.start(config, { clock });
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await inspectionQueue.close();
    await suppressionQueue.close();
    redis.disconnect();
    await dropNamespace(ns);
  });

  it('triages five findings in one request: four move, audited and published one by one; the one about the supervisor is refused', async () => {
    const ids = ['B1', 'B2', 'B3', 'B4', 'B5'];
    // B5 is about OFF-SUP, the supervisor's own officer record: they are concerned by it.
    await raise(
      ...ids.map((id): [string, Parameters<typeof findingMessage>[1]] => [
        id,
        { officerId: `OFF-${id === 'B5' ? 'SUP' : id}` },
      ]),
    );
    const reason = 'Rà soát quý I: các khoản chậm chi trả tại KV01';
    const res = await svc.call('POST', '/api/findings/bulk', 'sup', { action: 'triage', findingIds: ids, reason });
    expect(res.status).toBe(200);
    expect(res.body['done']).toBe(4);
    expect(res.body['refused']).toBe(1);
    const results = res.body['results'] as Item[];
    expect(results.slice(0, 4)).toEqual(['B1', 'B2', 'B3', 'B4'].map((id) => ({ id, ok: true, status: 'triaged' })));
    expect(results[4]).toEqual({
      id: 'B5',
      ok: false,
      code: 'CONCERNED_PARTY',
      message: {
        vi: 'Bạn không được xử lý phát hiện B5: you are the officer concerned',
        en: 'you may not act on finding B5: you are the officer concerned',
      },
    });
    expect((await finding('B5'))?.status).toBe('open');

    const transitions = await audit({
      action: 'finding.transition',
      subject: { $in: ids.map((id) => `finding:${id}`) },
    });
    expect(transitions.map((e) => [e.subject, (e.after as { status: string; note?: string }).note])).toEqual(
      ['B1', 'B2', 'B3', 'B4'].map((id) => [`finding:${id}`, reason]),
    );
    const denials = await audit({ action: 'access.denied', subject: 'finding:B5' });
    expect(denials.map((e) => (e.after as { code: string }).code)).toEqual(['CONCERNED_PARTY']);
    const bulk = await audit({ action: 'findings.bulk' });
    expect(bulk.map((e) => e.after)).toEqual([
      { action: 'triage', reason, done: ['B1', 'B2', 'B3', 'B4'], refused: ['B5'] },
    ]);

    // Every message on the findings topic so far, then which findings it says were triaged.
    const end = [...(await bus.endOffsets('Findings')).values()].reduce((a, b) => a + b, 0);
    const tail = await bus.tail('Findings', `it-${ns.id}-bulk-reader`);
    try {
      await waitFor('the whole findings topic read', () => tail.messages.length >= end);
      const triaged = new Set(tail.messages.filter((m) => m.value.status === 'triaged').map((m) => m.key));
      expect([...triaged].sort()).toEqual(['B1', 'B2', 'B3', 'B4']);
    } finally {
      await tail.stop();
    }
  });

  it('refuses a malformed bulk request with a 400 naming the field, and does nothing', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const r = await svc.call('POST', '/api/findings/bulk', 'sup', body);
      return [r.status, r.body['field'], r.body['code']];
    };
    expect(await bad({ action: 'triage', findingIds: [], reason: 'x' })).toEqual([
      400,
      'findingIds',
      'VALIDATION_FAILED',
    ]);
    const many = Array.from({ length: 201 }, (_, i) => `X${i}`);
    expect(await bad({ action: 'triage', findingIds: many, reason: 'x' })).toEqual([
      400,
      'findingIds',
      'VALIDATION_FAILED',
    ]);
    expect(await bad({ action: 'triage', findingIds: ['B5', 'B5'], reason: 'x' })).toEqual([
      400,
      'findingIds',
      'VALIDATION_FAILED',
    ]);
    expect(await bad({ action: 'triage', findingIds: ['B5'] })).toEqual([400, 'reason', 'VALIDATION_FAILED']);
    expect(await bad({ action: 'close', findingIds: ['B5'], reason: 'x' })).toEqual([
      400,
      'action',
      'VALIDATION_FAILED',
    ]);
    expect(await bad({ action: 'assign', findingIds: ['B5'], reason: 'x' })).toEqual([
      400,
      'assignee',
      'VALIDATION_FAILED',
    ]);
    expect(await bad({ action: 'dismiss', findingIds: ['B5'], reason: 'x' })).toEqual([
      400,
      'dismissalReason',
      'VALIDATION_FAILED',
    ]);
    expect(await bad({ action: 'triage', findingIds: ['B5'], reason: 'x', assignee: 'insp2' })).toEqual([
      400,
      'assignee',
      'VALIDATION_FAILED',
    ]);
    expect(
      (await svc.call('POST', '/api/findings/bulk', 'insp', { action: 'triage', findingIds: ['B5'], reason: 'x' }))
        .status,
    ).toBe(403);
    expect(await audit({ action: 'findings.bulk' })).toHaveLength(1);
  });

  it('reassigns and dismisses in bulk through the single-item checks', async () => {
    await waitFor('B1 and B2 assigned', async () => (await finding('B1'))?.assignee && (await finding('B2'))?.assignee);
    const moved = await svc.call('POST', '/api/findings/bulk', 'sup', {
      action: 'assign',
      findingIds: ['B1', 'B2', 'NOPE'],
      assignee: 'insp2',
      reason: 'insp nghỉ phép từ 3/3',
    });
    expect(moved.status).toBe(200);
    expect((moved.body['results'] as Item[]).map((r) => [r.id, r.ok, r.status ?? r.code])).toEqual([
      ['B1', true, 'triaged'],
      ['B2', true, 'triaged'],
      ['NOPE', false, 'NOT_FOUND'],
    ]);
    expect([(await finding('B1'))?.assignee, (await finding('B2'))?.assignee]).toEqual(['insp2', 'insp2']);
    expect((await audit({ action: 'inspection.reassigned', subject: 'finding:B1' })).map((e) => e.after)).toEqual([
      { assignee: 'insp2', reason: 'insp nghỉ phép từ 3/3' },
    ]);

    const dismissed = await svc.call('POST', '/api/findings/bulk', 'sup', {
      action: 'dismiss',
      findingIds: ['B3', 'B5'],
      dismissalReason: 'data_error',
      reason: 'Sổ quỹ KV01 nhập trùng',
    });
    expect((dismissed.body['results'] as Item[]).map((r) => [r.id, r.status ?? r.code])).toEqual([
      ['B3', 'dismissed'],
      ['B5', 'CONCERNED_PARTY'],
    ]);
    const b3 = (await svc.call('GET', '/api/findings/B3', 'sup')).body['finding'] as { dismissal: unknown };
    expect(b3.dismissal).toMatchObject({ reason: 'data_error', note: 'Sổ quỹ KV01 nhập trùng', by: 'sup' });
  });

  let held = '';

  it("holds back a rule's findings in a unit and below: stored and marked, no inspection job, hidden from the list unless asked for", async () => {
    // A unit does not suppress findings about itself.
    const own = await svc.call('POST', '/api/suppressions', 'sup-kv01', {
      ruleId: 'stagnant-case',
      unitId: 'DT-KV01',
      reason: 'x',
      until: '2026-03-20',
    });
    expect([own.status, own.body['code']]).toEqual([403, 'SUPPRESSION_CONCERNED']);
    const past = await svc.call('POST', '/api/suppressions', 'sup', {
      ruleId: 'stagnant-case',
      unitId: 'DT-KV01',
      reason: 'x',
      until: '2026-03-01',
    });
    expect([past.status, past.body['field']]).toEqual([400, 'until']);

    const made = await svc.call('POST', '/api/suppressions', 'sup', {
      ruleId: 'stagnant-case',
      unitId: 'DT-KV01',
      reason: 'Dữ liệu ngày thụ lý của KV01 sai từ 1/3, đang sửa',
      until: '2026-03-20',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      state: 'active',
      until: '2026-03-20',
      endsAt: new Date(vn('2026-03-21T00:00:00+07:00')).toISOString(),
      createdBy: 'sup',
      held: 0,
    });
    held = String(made.body['id']);

    await raise(
      ['S1', { ruleId: 'stagnant-case', severity: 'low', officerId: 'OFF-S1' }],
      // Another unit, another rule: not held.
      ['S2', { ruleId: 'stagnant-case', severity: 'low', unitId: 'DT-KV02', officerId: 'OFF-S2' }],
      ['S3', { ruleId: 'late-decision', severity: 'low', officerId: 'OFF-S3' }],
    );
    expect(await finding('S1')).toMatchObject({ suppressionId: held, status: 'open' });
    expect((await finding('S1'))?.assignee).toBeUndefined();
    expect(await inspectionQueue.getJob(inspectionJobId('S1'))).toBeUndefined();
    await waitFor('S2 and S3 assigned', async () => (await finding('S2'))?.assignee && (await finding('S3'))?.assignee);
    expect((await finding('S2'))?.suppressionId).toBeUndefined();

    expect(await listed('&rule=stagnant-case')).toEqual(['S2']);
    expect(await listed('&rule=stagnant-case&suppressed=include')).toEqual(['S1', 'S2']);
    expect(await listed('&suppressed=only')).toEqual(['S1']);
    expect(await listed(`&suppression=${held}`)).toEqual(['S1']);
    const badFilter = await svc.call('GET', '/api/findings?suppressed=maybe', 'sup');
    expect([badFilter.status, badFilter.body['field']]).toEqual([400, 'suppressed']);

    // Held, it is neither triaged nor given an inspection; it may be dismissed.
    const triage = await svc.call('POST', '/api/findings/bulk', 'sup', {
      action: 'triage',
      findingIds: ['S1'],
      reason: 'x',
    });
    expect((triage.body['results'] as Item[])[0]).toMatchObject({ ok: false, code: 'FINDING_SUPPRESSED' });
    const assign = await svc.call('POST', '/api/findings/S1/assignment', 'sup', { assignee: 'insp', reason: 'x' });
    expect([assign.status, assign.body['code']]).toEqual([409, 'FINDING_SUPPRESSED']);
  });

  it('shows suppressions to supervisors and leadership of the units they touch, with what they hold, and audits their creation', async () => {
    const seen = async (who: string) => {
      const r = await svc.call('GET', '/api/suppressions', who);
      return r.status === 200
        ? (r.body['items'] as { id: string; held: number }[]).map((s) => [s.id, s.held])
        : r.status;
    };
    expect(await seen('lead-kv01')).toEqual([[held, 1]]);
    expect(await seen('sup')).toEqual([[held, 1]]);
    expect(await seen('lead-kv02')).toEqual([]);
    expect(await seen('insp')).toBe(403);
    expect((await audit({ action: 'suppression.created' })).map((e) => [e.actor, e.subject, e.after])).toEqual([
      [
        'user:sup',
        `suppression:${held}`,
        {
          ruleId: 'stagnant-case',
          unitId: 'DT-KV01',
          until: '2026-03-20',
          reason: 'Dữ liệu ngày thụ lý của KV01 sai từ 1/3, đang sửa',
        },
      ],
    ]);
  });

  it('lifted, gives what it held back to assignment as if just raised, audited; lifting it again is refused', async () => {
    // Outside the caller's units, it is answered as if it did not exist.
    const outOfScope = await svc.call('POST', `/api/suppressions/${held}/lift`, 'sup-kv02', { reason: 'x' });
    expect([outOfScope.status, outOfScope.body['code']]).toEqual([404, 'NOT_FOUND']);
    const noReason = await svc.call('POST', `/api/suppressions/${held}/lift`, 'sup', {});
    expect([noReason.status, noReason.body['field']]).toEqual([400, 'reason']);

    const lifted = await svc.call('POST', `/api/suppressions/${held}/lift`, 'sup', { reason: 'KV01 đã sửa dữ liệu' });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({
      state: 'lifted',
      endedBy: 'sup',
      liftReason: 'KV01 đã sửa dữ liệu',
      released: 1,
      held: 0,
    });
    const s1 = await waitFor('S1 assigned', async () => {
      const f = await finding('S1');
      return f?.assignee ? f : undefined;
    });
    expect(s1.suppressionId).toBeUndefined();
    expect(await listed('&rule=stagnant-case')).toEqual(['S1', 'S2']);
    expect((await audit({ subject: `suppression:${held}` })).map((e) => e.action)).toEqual([
      'suppression.created',
      'suppression.lifted',
      'suppression.released',
    ]);

    const again = await svc.call('POST', `/api/suppressions/${held}/lift`, 'sup', { reason: 'again' });
    expect([again.status, again.body['code']]).toEqual([409, 'SUPPRESSION_ENDED']);
    // Raised after the lift: not held.
    await raise(['S4', { ruleId: 'stagnant-case', severity: 'low', officerId: 'OFF-S4' }]);
    expect((await finding('S4'))?.suppressionId).toBeUndefined();
  });

  it('hands its findings to another suppression covering them when lifted; expires after its last day by the service clock, through its delayed job (run early, it waits), and the findings come back', async () => {
    const made = await svc.call('POST', '/api/suppressions', 'sup', {
      ruleId: 'payout-overdue',
      unitId: 'DT-KV02',
      reason: 'Quy tắc đang hiệu chỉnh ngưỡng',
      until: '2026-03-03',
    });
    expect(made.status).toBe(201);
    const id = String(made.body['id']);
    const endJob = suppressionJobId('end', id);
    expect(await (await suppressionQueue.getJob(endJob))?.getState()).toBe('delayed');

    // A second one over the same findings, ending later: it holds them; lifted, it hands them to the first.
    const longer = await svc.call('POST', '/api/suppressions', 'sup', {
      ruleId: 'payout-overdue',
      unitId: 'DT-KV02',
      reason: 'Trùng đợt kiểm tra dữ liệu của KV02',
      until: '2026-03-10',
    });
    const longerId = String(longer.body['id']);
    await raise(['E1', { unitId: 'DT-KV02', officerId: 'OFF-E1' }]);
    expect((await finding('E1'))?.suppressionId).toBe(longerId);
    const handed = await svc.call('POST', `/api/suppressions/${longerId}/lift`, 'sup', { reason: 'KV02 xong sớm' });
    expect([handed.status, handed.body['released']]).toEqual([200, 0]);
    expect((await finding('E1'))?.suppressionId).toBe(id);
    expect(
      (await audit({ action: 'suppression.released', subject: `suppression:${longerId}` })).map((e) => e.after),
    ).toEqual([{ released: 0, stillHeldBy: { [id]: 1 } }]);

    // Run before its time by the service's clock: it puts itself back and changes nothing.
    const early = await runNow(endJob);
    expect(await early.getState()).toBe('delayed');
    expect((await finding('E1'))?.suppressionId).toBe(id);

    // Past the last day (Tuesday 3 March, Vietnam time): a new finding is not held even before the job runs.
    clock.t = vn('2026-03-04T00:00:00+07:00');
    await raise(['E2', { unitId: 'DT-KV02', officerId: 'OFF-E2' }]);
    expect((await finding('E2'))?.suppressionId).toBeUndefined();

    const ran = await runNow(endJob);
    expect([await ran.getState(), ran.returnvalue]).toEqual(['completed', 'released 1 finding(s)']);
    const e1 = await waitFor('E1 assigned', async () => {
      const f = await finding('E1');
      return f?.assignee ? f : undefined;
    });
    expect(e1.suppressionId).toBeUndefined();
    const view = (await svc.call('GET', '/api/suppressions?state=expired', 'lead-kv01')).body['items'] as {
      id: string;
      released: number;
    }[];
    expect(view).toEqual([]);
    const expired = (await svc.call('GET', '/api/suppressions?state=expired', 'sup')).body['items'] as {
      id: string;
      released: number;
      endedAt: string;
    }[];
    expect(expired.map((s) => [s.id, s.released, s.endedAt])).toEqual([[id, 1, new Date(clock.t).toISOString()]]);
    expect((await audit({ subject: `suppression:${id}` })).map((e) => [e.actor, e.action])).toEqual([
      ['user:sup', 'suppression.created'],
      ['system:suppressions', 'suppression.expired'],
      ['system:suppressions', 'suppression.released'],
    ]);
  });

  it('announces each hold and each release on integrity.findings.v1 at the next revision (suppressed, v1.3); a hand-over between suppressions announces nothing', async () => {
    const tail = await bus.tail('Findings', `it-${ns.id}-suppression-reader`);
    try {
      // Delivery is at least once (the outbox): a revision read twice with the same content is one
      // announcement to every reader, which keeps the highest revision; different content would show.
      const workflow = (id: string) =>
        [
          ...new Set(
            tail.messages
              .filter((m) => m.key === id && (m.value.revision ?? 0) > 0)
              .map((m) => JSON.stringify([m.value.revision, m.value.status, m.value.suppressed ?? false])),
          ),
        ].map((j) => JSON.parse(j) as unknown[]);
      await waitFor('the releases of S1 and E1 read', () => workflow('S1').length >= 2 && workflow('E1').length >= 2);
      expect(workflow('S1')).toEqual([
        [1, 'open', true],
        [2, 'open', false],
      ]);
      expect(workflow('E1')).toEqual([
        [1, 'open', true],
        [2, 'open', false],
      ]);
      // Never held: nothing but the detector's message.
      expect(workflow('S2')).toEqual([]);
    } finally {
      await tail.stop();
    }
  });
});
