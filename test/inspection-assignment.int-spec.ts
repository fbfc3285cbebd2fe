import type { KafkaBus } from '@thads/messaging';
import type { FindingMessage } from '@thads/contracts';
import { busFor, dropNamespace, inspectionConfig, namespace, openDb, seedUnits, waitFor } from './support/harness';
import { InspectionUnderTest, findingMessage, seedOfficers, userDoc } from './support/inspection-client';

type Inspection = {
  id: string;
  assignee?: string;
  waitingReason?: string;
  dueAt?: string;
  findings: { findingId: string }[];
};

/**
 * Assignment over the real stack: findings published on the topic become inspections given to
 * eligible inspectors through the BullMQ queue — never of the unit concerned, never the officer
 * concerned, never someone with a declared relation — under a cap, joined when they concern a
 * case or officer already under inspection, and reassigned by a supervisor with a reason.
 */
describe('inspection assignment (BullMQ, registry exclusions, cap, joining, reassignment)', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;
  let bus: KafkaBus;

  const inspection = async (id: string): Promise<Inspection | undefined> =>
    (await svc.call('GET', `/api/findings/${id}`, 'sup')).body['inspection'] as Inspection | undefined;
  const publish = (fs: FindingMessage[]) =>
    bus.publish(
      'Findings',
      fs.map((f) => ({ key: f.findingId, value: f })),
    );

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await seedOfficers(ns, [
      { officerId: 'OFF-7', unitId: 'DT-KV01' },
      { officerId: 'OFF-9', unitId: 'DT-KV02' },
      { officerId: 'OFF-10', unitId: 'DT-KV02' },
      { officerId: 'OFF-insp-rel', unitId: 'DT', relatedPartyIds: ['OFF-7'] },
    ]);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp-kv01', ['inspector'], 'DT-KV01'),
        await userDoc('insp-officer', ['inspector'], 'DT', { officerId: 'OFF-7' }),
        await userDoc('insp-rel', ['inspector'], 'DT', { officerId: 'OFF-insp-rel' }),
        await userDoc('insp-ok', ['inspector'], 'DT'),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
      ] as never[]);
    await close();
    svc = await InspectionUnderTest.start({ ...inspectionConfig(ns), assignmentCap: 1, assignmentRetryMs: 300 });
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await dropNamespace(ns);
  });

  it('gives a finding to the only eligible inspector: not the unit concerned, not the officer, not a declared relative', async () => {
    await publish([findingMessage('F1', { caseId: 'C1', officerId: 'OFF-7', severity: 'critical' })]);
    const f1 = await waitFor('F1 assigned', async () => {
      const i = await inspection('F1');
      return i?.assignee ? i : undefined;
    });
    expect(f1).toMatchObject({ id: 'F1', assignee: 'insp-ok' });
    expect(Date.parse(f1.dueAt ?? '')).toBeGreaterThan(Date.now());
    const mine = await svc.call('GET', '/api/notifications', 'insp-ok');
    expect((mine.body['items'] as { kind: string; findingId: string }[]).map((n) => [n.kind, n.findingId])).toEqual([
      ['inspection.assigned', 'F1'],
    ]);
  });

  it('joins later findings on the same case or the same officer to the open inspection', async () => {
    await publish([
      findingMessage('F2', { caseId: 'C1', officerId: 'OFF-7', ruleId: 'cash-not-deposited' }),
      findingMessage('F2b', { caseId: 'C2', officerId: 'OFF-7', ruleId: 'stagnant-case', severity: 'low' }),
    ]);
    const joined = await waitFor('F2 and F2b joined', async () => {
      const i = await inspection('F1');
      return i && i.findings.length === 3 && i;
    });
    expect(joined.findings.map((f) => f.findingId)).toEqual(['F1', 'F2', 'F2b']);
    expect(await inspection('F2')).toMatchObject({ id: 'F1', assignee: 'insp-ok' });
    // The joined finding is the inspector's to work: it carries the inspection's assignee.
    expect((await svc.call('POST', '/api/findings/F2/transitions', 'sup', { to: 'triaged' })).status).toBe(200);
    expect((await svc.call('POST', '/api/findings/F2/transitions', 'insp-ok', { to: 'under_inspection' })).status).toBe(
      200,
    );
  });

  it('balances the load under the cap, and keeps a finding nobody can take waiting with the reason', async () => {
    await publish([findingMessage('F3', { caseId: 'C3', officerId: 'OFF-9', unitId: 'DT-KV02' })]);
    expect(await waitFor('F3 assigned', async () => (await inspection('F3'))?.assignee)).toBe('insp-officer');
    await publish([findingMessage('F4', { caseId: 'C4', officerId: 'OFF-10', unitId: 'DT-KV02' })]);
    expect(await waitFor('F4 assigned', async () => (await inspection('F4'))?.assignee)).toBe('insp-rel');
    const mine = await svc.call('GET', '/api/findings?assignee=me', 'insp-rel');
    expect((mine.body['items'] as { findingId: string }[]).map((t) => t.findingId)).toEqual(['F4']);
    await publish([
      findingMessage('F5', {
        caseId: 'C5',
        officerId: undefined,
        unitId: 'DT-KV02',
        ruleId: 'stagnant-case',
        severity: 'low',
      }),
    ]);
    const waiting = await waitFor('F5 waiting', async () => (await inspection('F5'))?.waitingReason);
    expect(waiting).toMatch(/3 eligible inspectors have 1 open inspections \(the cap\)/);
    expect((await inspection('F5'))?.assignee).toBeUndefined();
  });

  it('lets a supervisor reassign with a reason, only to an eligible inspector', async () => {
    const refuse = async (to: string) =>
      svc.call('POST', '/api/findings/F1/assignment', 'sup', { assignee: to, reason: 'workload' });
    const related = await refuse('insp-rel');
    expect([related.status, related.body['field']]).toEqual([400, 'assignee']);
    expect((related.body['message'] as { en: string }).en).toMatch(/declared a relation to officer OFF-7/);
    expect(((await refuse('insp-kv01')).body['message'] as { en: string }).en).toMatch(
      /unit DT-KV01, the unit concerned/,
    );
    expect(((await refuse('insp-officer')).body['message'] as { en: string }).en).toMatch(/is the officer concerned/);
    expect(((await refuse('sup')).body['message'] as { en: string }).en).toMatch(/not an active inspector/);
    const noReason = await svc.call('POST', '/api/findings/F5/assignment', 'sup', { assignee: 'insp-ok' });
    expect([noReason.status, noReason.body['field']]).toEqual([400, 'reason']);
    expect(
      (await svc.call('POST', '/api/findings/F5/assignment', 'insp-ok', { assignee: 'insp-ok', reason: 'mine' }))
        .status,
    ).toBe(403);

    // The cap binds the worker, not a supervisor's deliberate choice.
    const moved = await svc.call('POST', '/api/findings/F5/assignment', 'sup', {
      assignee: 'insp-ok',
      reason: 'insp-ok knows the office',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: 'F5', assignee: 'insp-ok' });
    expect(typeof moved.body['dueAt']).toBe('string');
    // The waiting job, when it runs again, finds the inspection taken and leaves it.
    await new Promise((r) => setTimeout(r, 800));
    expect(await inspection('F5')).toMatchObject({ assignee: 'insp-ok' });

    const { db, close } = await openDb(ns);
    const entry = await db.collection('audit_trail').findOne({ action: 'inspection.reassigned' });
    await close();
    expect(entry).toMatchObject({
      actor: 'user:sup',
      subject: 'finding:F5',
      after: { assignee: 'insp-ok', reason: 'insp-ok knows the office' },
    });
  });
});
