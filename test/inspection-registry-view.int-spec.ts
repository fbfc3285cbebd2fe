import type { KafkaBus } from '@thads/messaging';
import { OrgRepository } from '@thads/org';
import {
  busFor,
  dropNamespace,
  inspectionConfig,
  namespace,
  openDb,
  publishRegistry,
  registryEvent,
  seedUnits,
  waitFor,
} from './support/harness';
import { InspectionUnderTest, findingMessage, seedOfficers, userDoc } from './support/inspection-client';

/**
 * The inspection service keeps its own view of the registry, built from the registry topic (it
 * reads no other service's collections): a relation declared on the topic after the service
 * started changes who may inspect.
 */
describe('registry view from the topic', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;
  let bus: KafkaBus;

  beforeAll(async () => {
    await seedUnits(ns);
    await seedOfficers(ns, [
      { officerId: 'OFF-X', unitId: 'DT-KV01' },
      { officerId: 'OFF-Y', unitId: 'DT-KV01' },
      { officerId: 'OFF-A', unitId: 'DT' },
      { officerId: 'OFF-B', unitId: 'DT' },
    ]);
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp-a', ['inspector'], 'DT', { officerId: 'OFF-A' }),
        await userDoc('insp-b', ['inspector'], 'DT', { officerId: 'OFF-B' }),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
        await userDoc('lead-kv1', ['leadership'], 'DT-KV01'),
      ] as never[]);
    await close();
    svc = await InspectionUnderTest.start(inspectionConfig(ns));
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await dropNamespace(ns);
  });

  const assignee = (id: string) =>
    waitFor(
      `${id} assigned`,
      async () =>
        ((await svc.call('GET', `/api/findings/${id}`, 'sup')).body['finding'] as { assignee?: string } | undefined)
          ?.assignee,
    );

  it('excludes an inspector whose relation to the officer was published after the start', async () => {
    // With equal loads the tie goes to insp-a (by name): only the new relation can send F-X elsewhere.
    await publishRegistry(ns, [
      registryEvent('ro-OFF-A-2', 'registry.officer', {
        officerId: 'OFF-A',
        unitId: 'DT',
        name: 'OFF-A',
        role: 'inspector',
        relatedPartyIds: ['OFF-X'],
        bankAccountHashes: [],
      }),
    ]);
    const org = svc.app.get(OrgRepository);
    await waitFor('the view to take the relation', async () =>
      (await org.snapshot()).relations.get('OFF-A')?.includes('OFF-X'),
    );

    await bus.publish('Findings', [
      { key: 'F-X', value: findingMessage('F-X', { caseId: 'C-X', officerId: 'OFF-X' }) },
    ]);
    expect(await assignee('F-X')).toBe('insp-b');

    // And the view did not exclude insp-a from everything: the next finding, about someone else, is theirs (less loaded).
    await bus.publish('Findings', [
      { key: 'F-Y', value: findingMessage('F-Y', { caseId: 'C-Y', officerId: 'OFF-Y' }) },
    ]);
    expect(await assignee('F-Y')).toBe('insp-a');
  });

  it('lists the units a user works in (GET /api/units): their own first, each parent before its children, a unit announced later included', async () => {
    await publishRegistry(ns, [
      registryEvent('r4', 'registry.unit', {
        unitId: 'DT-KV01-TO1',
        name: 'Tổ thi hành án số 1',
        level: 'district',
        parentUnitId: 'DT-KV01',
      }),
    ]);
    const org = svc.app.get(OrgRepository);
    await waitFor('the view to take the new unit', async () => (await org.snapshot()).unit('DT-KV01-TO1'));

    const all = await svc.call('GET', '/api/units', 'sup');
    expect(all.status).toBe(200);
    expect(all.body['items']).toEqual([
      { unitId: 'DT', name: 'Tỉnh', level: 'province' },
      { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' },
      { unitId: 'DT-KV01-TO1', name: 'Tổ thi hành án số 1', level: 'district', parentUnitId: 'DT-KV01' },
      { unitId: 'DT-KV02', name: 'KV02', level: 'district', parentUnitId: 'DT' },
    ]);
    // An area office's leadership is offered its own unit and what lies below, never the province or a sibling.
    const own = await svc.call('GET', '/api/units', 'lead-kv1');
    expect((own.body['items'] as { unitId: string }[]).map((u) => u.unitId)).toEqual(['DT-KV01', 'DT-KV01-TO1']);
  });
});
