import type { INestApplication } from '@nestjs/common';
import { type AnyEvent } from '@thads/contracts';
import { aCase, tick } from '@thads/contracts/testing';
import type { KafkaBus, TopicTail } from '@thads/messaging';
import {
  busFor,
  dropNamespace,
  inspectionConfig,
  namespace,
  openDb,
  publish,
  startDetector,
  waitFor,
} from './support/harness';
import { InspectionUnderTest, userDoc } from './support/inspection-client';

const reg = (eventId: string, type: string, data: Record<string, unknown>) =>
  ({ eventId, type, schemaVersion: 1, occurredAt: '2025-01-02T08:00:00+07:00', data }) as unknown as AnyEvent;

/**
 * From an upstream event to a referred finding, over the real stack and HTTP only: the
 * detector raises the finding from case and finance events; the inspection service makes it
 * a task and gives it to an eligible inspector (not the one of the unit concerned); the
 * inspector reads the case file and concludes; every status is on the findings topic; the
 * audit chain verifies — until one stored entry is altered, and verification names it.
 */
describe('end to end: a published irregularity becomes an assigned, concluded and referred finding', () => {
  const ns = namespace();
  let detector: INestApplication;
  let svc: InspectionUnderTest;
  let bus: KafkaBus;
  let tail: TopicTail<'Findings'>;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp-kv01', ['inspector'], 'DT-KV01'),
        await userDoc('insp-tinh', ['inspector'], 'DT'),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
      ] as never[]);
    await close();
    detector = await startDetector(ns);
    svc = await InspectionUnderTest.start(inspectionConfig(ns));
    bus = busFor(ns);
    tail = await bus.tail('Findings', `it-${ns.id}-e2e-reader`);
    // The registry, as the agency's personnel system publishes it.
    await publish(bus, [
      reg('r-dt', 'registry.unit', { unitId: 'DT', name: 'Cục THADS tỉnh Đồng Tháp', level: 'province' }),
      reg('r-kv01', 'registry.unit', {
        unitId: 'DT-KV01',
        name: 'Phòng THADS khu vực 1',
        level: 'district',
        parentUnitId: 'DT',
      }),
      reg('r-o', 'registry.officer', {
        officerId: 'OFF-E',
        unitId: 'DT-KV01',
        name: 'Lê Văn C',
        role: 'enforcement_officer',
        relatedPartyIds: [],
        bankAccountHashes: [],
      }),
    ]);
    await waitFor('the registry stored', async () => {
      const { db: d, close: c } = await openDb(ns);
      const n = await d.collection('registry').countDocuments();
      await c();
      return n === 3;
    });
  }, 180_000);

  afterAll(async () => {
    await tail.stop();
    await bus.disconnect();
    await svc.close();
    await detector.close();
    await dropNamespace(ns);
  });

  it('raises, assigns, concludes, refers, publishes every status and keeps a verifiable audit chain', async () => {
    // A payout to someone who is not a creditor of the case (payee-not-party, critical).
    const c = aCase('E2E-1', 'DT-KV01')
      .on('2025-03-03')
      .received({ creditorIds: ['P-creditor'] })
      .assigned('OFF-E')
      .decisionIssued()
      .on('2025-03-05')
      .collected(9_000_000)
      .on('2025-03-06')
      .disbursed(9_000_000, 'P-stranger');
    // The clock service's tick moves event time on (the detector orders a case's events by it).
    await publish(bus, [...c.events, tick('2025-03-10T00:00:00+07:00', 'tick-e2e')]);

    const raised = await waitFor(
      'the finding on the topic',
      () => tail.messages.find((m) => m.value.caseId === 'E2E-1' && m.value.ruleId === 'payee-not-party'),
      90_000,
    );
    const id = raised.value.findingId;
    expect(raised.value).toMatchObject({ status: 'open', severity: 'critical', unitId: 'DT-KV01', officerId: 'OFF-E' });

    const task = await waitFor('the task assigned', async () => {
      const r = await svc.call('GET', `/api/findings/${id}`, 'sup');
      return (r.body['inspection'] as { assignee?: string } | undefined)?.assignee ? r.body : undefined;
    });
    // The inspector of the unit concerned is never given it.
    expect(task['inspection']).toMatchObject({ id, assignee: 'insp-tinh' });

    const file = await waitFor('the case file', async () => {
      const r = await svc.call('GET', `/api/findings/${id}/case-file`, 'insp-tinh');
      return (r.body['timeline'] as unknown[] | undefined)?.length === 5 ? r.body : undefined;
    });
    expect(file['ledger']).toMatchObject({ collected: 9_000_000, disbursed: 9_000_000, balance: 0 });
    expect(
      (file['timeline'] as { inEvidence: boolean; type: string }[]).filter((e) => e.inEvidence).map((e) => e.type),
    ).toContain('finance.disbursed');

    const move = (who: string, body: Record<string, unknown>) =>
      svc.call('POST', `/api/findings/${id}/transitions`, who, body);
    expect((await move('sup', { to: 'triaged' })).status).toBe(200);
    expect((await move('insp-kv01', { to: 'under_inspection' })).status).toBe(403);
    expect((await move('insp-tinh', { to: 'under_inspection' })).status).toBe(200);
    expect(
      (
        await svc.call('POST', `/api/findings/${id}/notes`, 'insp-tinh', {
          text: 'P-stranger is not in the judgment; voucher PC-E2E-1-1 signed by OFF-E',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await move('insp-tinh', {
          to: 'concluded',
          result: 'substantiated',
          reasoning: 'Payout to a non-party without authorisation',
          truePositive: true,
        })
      ).status,
    ).toBe(200);
    expect((await move('sup', { to: 'referred', target: 'discipline_committee', note: 'Law art. 47' })).status).toBe(
      200,
    );

    const statuses = await waitFor('every status on the topic', () => {
      const s = tail.messages
        .filter((m) => m.key === id)
        .map((m) => m.value.status)
        .filter((x, i, all) => i === 0 || all[i - 1] !== x);
      return s.length >= 5 ? s : undefined;
    });
    expect(statuses).toEqual(['open', 'triaged', 'under_inspection', 'concluded', 'referred']);
    const last = tail.messages.filter((m) => m.key === id).at(-1)!.value;
    expect(last).toMatchObject({
      findingId: id,
      ruleId: 'payee-not-party',
      legalBasis: raised.value.legalBasis,
      evidence: raised.value.evidence,
    });

    const verified = await svc.call('GET', '/api/audit/verify', 'sup');
    expect(verified.body).toMatchObject({ ok: true });
    const entries = Number(verified.body['entries']);
    // assigned, 403 of insp-kv01, four moves, a note.
    expect(entries).toBe(7);

    // Someone edits the conclusion in the store behind the service's back.
    const { db, close } = await openDb(ns);
    const conclusion = await db
      .collection('audit_trail')
      .findOne({ action: 'finding.transition', 'after.status': 'concluded' });
    await db
      .collection('audit_trail')
      .updateOne({ _id: conclusion!._id }, { $set: { 'after.result': 'unsubstantiated' } });
    await close();
    const tampered = await svc.call('GET', '/api/audit/verify', 'sup');
    expect(tampered.body).toMatchObject({
      ok: false,
      firstBad: conclusion!._id,
      reason: 'content does not match its hash',
    });
  });
});
