import type { KafkaBus } from '@thads/messaging';
import { Store } from '@thads/store';
import { InspectionOutbox } from '../services/inspection/src/core/outbox';
import { FindingsRepository } from '../services/inspection/src/findings/findings.repository';
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
import { findingMessage, InspectionUnderTest, userDoc } from './support/inspection-client';

/** A finding as the inspection service stores it, already concluded (revision 3) by insp0. */
function concludedTask(id: string) {
  const m = findingMessage(id);
  return {
    _id: id,
    jobId: `inspect-${id}`,
    ruleId: m.ruleId,
    severity: m.severity,
    priority: 2,
    unitId: m.unitId,
    caseId: m.caseId,
    officerId: m.officerId,
    status: 'assigned',
    findingDetectedAt: m.detectedAt,
    message: JSON.stringify({ ...m, status: 'open', revision: 0 }),
    createdAt: new Date(),
    findingStatus: 'concluded',
    revision: 3,
    statusChangedAt: new Date('2026-01-05T03:00:00Z'),
    conclusion: {
      result: 'substantiated',
      reasoning: 'receipt BL-1 never paid out',
      truePositive: true,
      by: 'insp0',
      at: '2026-01-05T03:00:00.000Z',
    },
    inspectionId: id,
    isLead: true,
    assignee: 'insp0',
    assignedAt: new Date('2026-01-02T03:00:00Z'),
  };
}

/** A finding held by suppression `suppressionId` since intake (revision 1, `suppressed`). */
function heldTask(id: string, suppressionId: string) {
  const {
    findingStatus: _,
    revision: __,
    statusChangedAt: ___,
    conclusion: ____,
    assignee: _____,
    assignedAt: ______,
    ...rest
  } = concludedTask(id);
  return { ...rest, status: 'queued', findingStatus: 'open', revision: 1, suppressionId, suppressedAt: new Date() };
}

/**
 * A status change is stored, then its announcements are recorded in the outbox: if that write
 * fails (or the process stops in between) the change must still reach the other services — a
 * referral on `integrity.inspections.v1` is what opens a proceeding at discipline. The update
 * that raises the revision marks it unannounced, and a sweep announces what is still marked.
 */
describe('finding announcements left unrecorded by a failed outbox write', () => {
  const ns = namespace();
  let inspection: InspectionUnderTest;
  let bus: KafkaBus;

  beforeAll(async () => {
    await seedUnits(ns);
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
        await userDoc('insp0', ['inspector'], 'DT'),
      ] as never[]);
    await db.collection('inspection_tasks').insertMany([concludedTask('FA-1'), heldTask('FA-3', 'SUP-1')] as never[]);
    await db.collection('inspection_suppressions').insertOne({
      _id: 'SUP-1',
      ruleId: 'payout-overdue',
      unitId: 'DT-KV01',
      reason: 'Dữ liệu KV01 đang sửa',
      until: '2099-12-31',
      endsAt: new Date('2100-01-01T00:00:00+07:00'),
      createdBy: 'sup',
      createdAt: new Date(),
      state: 'active',
    } as never);
    await close();
    inspection = await InspectionUnderTest.start({ ...inspectionConfig(ns), announceSweepMs: 1000 });
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus?.disconnect();
    await inspection?.close();
    await dropNamespace(ns);
  });

  const stored = async (id: string) => {
    const { db, close } = await openDb(ns);
    const doc = await db.collection('inspection_tasks').findOne({ _id: id as never });
    await close();
    return doc;
  };

  it('publishes, without a restart, a referral whose outbox write failed, and the finding at its new revision', async () => {
    // The store takes the referral, then the outbox write of its announcements fails (once).
    const send = InspectionOutbox.prototype.send;
    let failed = false;
    const spy = jest.spyOn(InspectionOutbox.prototype, 'send').mockImplementation(function (
      this: InspectionOutbox,
      messages,
    ) {
      // The write of the change itself, not the sweep's (which would repeat it).
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100;
      const ofTheChange = new Error().stack?.includes('at FindingsService.') ?? false;
      Error.stackTraceLimit = limit;
      if (!failed && ofTheChange && messages.some((m) => m.id === 'inspection.referred:FA-1:r4')) {
        failed = true;
        return Promise.reject(new Error('the outbox store is away'));
      }
      return send.call(this, messages);
    });
    const decided = await bus.tail('Inspections', `it-${ns.id}-inspections-reader`);
    const findings = await bus.tail('Findings', `it-${ns.id}-findings-reader`);
    try {
      const refer = await inspection.call('POST', '/api/findings/FA-1/transitions', 'sup', {
        to: 'referred',
        target: 'discipline_committee',
        note: 'art. 47 breach',
      });
      expect(refer.status).toBe(500);
      expect(failed).toBe(true);
      // The change itself is stored, marked unannounced.
      expect(await stored('FA-1')).toMatchObject({
        findingStatus: 'referred',
        revision: 4,
        unannounced: { revision: 4 },
      });

      // The sweep (every second here) records it: the referral reaches the inspections topic.
      const referral = await waitFor(
        'the referral on the inspections topic',
        () =>
          decided.messages.find((m) => m.value.type === 'inspection.referred' && m.value.finding.findingId === 'FA-1'),
        15_000,
      );
      expect(referral.key).toBe('OFF-7');
      expect(referral.value).toMatchObject({
        eventId: 'inspection.referred:FA-1:r4',
        unitId: 'DT-KV01',
        data: {
          target: 'discipline_committee',
          note: 'art. 47 breach',
          by: 'sup',
          conclusion: { result: 'substantiated', truePositive: true, by: 'insp0' },
          legalBasis: 'Luật THADS, Điều 47',
        },
      });
      const latest = await waitFor(
        'the finding at its new revision on the findings topic',
        () => findings.messages.find((m) => m.key === 'FA-1' && m.value.revision === 4),
        15_000,
      );
      expect(latest.value).toMatchObject({ status: 'referred', revision: 4 });
    } finally {
      spy.mockRestore();
      await decided.stop();
      await findings.stop();
    }
    await waitFor('the mark to be cleared', async () => !('unannounced' in ((await stored('FA-1')) ?? {})), 10_000);
    expect(await stored('FA-1')).toMatchObject({ findingStatus: 'referred', revision: 4 });
  });

  it('publishes, without a restart, the release of a held finding whose outbox write failed', async () => {
    const send = InspectionOutbox.prototype.send;
    let failed = false;
    const spy = jest.spyOn(InspectionOutbox.prototype, 'send').mockImplementation(function (
      this: InspectionOutbox,
      messages,
    ) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100;
      const ofTheRelease = new Error().stack?.includes('at SuppressionsService.') ?? false;
      Error.stackTraceLimit = limit;
      if (!failed && ofTheRelease && messages.some((m) => m.id === 'finding:FA-3:r2')) {
        failed = true;
        return Promise.reject(new Error('the outbox store is away'));
      }
      return send.call(this, messages);
    });
    const findings = await bus.tail('Findings', `it-${ns.id}-release-reader`);
    try {
      const lift = await inspection.call('POST', '/api/suppressions/SUP-1/lift', 'sup', { reason: 'KV01 đã sửa' });
      expect(lift.status).toBe(500);
      expect(failed).toBe(true);
      expect(await stored('FA-3')).toMatchObject({ findingStatus: 'open', revision: 2, unannounced: { revision: 2 } });
      expect(await stored('FA-3')).not.toHaveProperty('suppressionId');
      const released = await waitFor(
        'the released finding on the findings topic',
        () => findings.messages.find((m) => m.key === 'FA-3' && m.value.revision === 2),
        15_000,
      );
      expect(released.value).toMatchObject({ status: 'open', revision: 2 });
      expect(released.value).not.toHaveProperty('suppressed');
    } finally {
      spy.mockRestore();
      await findings.stop();
    }
    await waitFor('the mark to be cleared', async () => !('unannounced' in ((await stored('FA-3')) ?? {})), 10_000);
  });
});

/** The marks against the real store, with no service (and no sweep) running beside. */
describe('the unannounced mark of a finding revision', () => {
  const ns = namespace();
  let store: Store;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await db.collection('inspection_tasks').insertMany([concludedTask('FA-2')] as never[]);
    await close();
    store = new Store(infra.mongoUrl, ns.db);
    await store.connect();
  });

  afterAll(async () => {
    await store?.close();
    await dropNamespace(ns);
  });

  it('is set by the update that raises the revision and cleared only for the revision it names', async () => {
    const repo = new FindingsRepository(store);
    const at = new Date('2026-01-06T03:00:00Z');
    expect(
      await repo.transition('FA-2', 'concluded', { to: 'closed', at, revision: 4 }, { change: { by: 'sup', at } }),
    ).toBe(true);
    expect((await repo.unannounced()).map((f) => [f.findingId, f.status, f.unannounced])).toEqual([
      ['FA-2', 'closed', { revision: 4, change: { by: 'sup', at }, markedAt: expect.any(Date) as Date }],
    ]);
    // An older revision's announcement, recorded late, leaves the mark of revision 4.
    await repo.announced('FA-2', 3);
    expect((await repo.unannounced()).map((f) => f.findingId)).toEqual(['FA-2']);
    await repo.announced('FA-2', 4);
    expect(await repo.unannounced()).toEqual([]);
  });
});
