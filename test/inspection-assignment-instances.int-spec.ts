import type { KafkaBus } from '@thads/messaging';
import { busFor, dropNamespace, inspectionConfig, namespace, openDb, seedUnits, waitFor } from './support/harness';
import { InspectionUnderTest, findingMessage, userDoc } from './support/inspection-client';

/**
 * Two instances of the inspection service share the findings consumer group and the assignment
 * queue: a burst of findings is still balanced exactly and the cap holds, because each choice
 * is made under one lock in Redis.
 */
describe('assignment with two service instances', () => {
  const ns = namespace();
  const config = { ...inspectionConfig(ns), assignmentCap: 3, assignmentRetryMs: 300 };
  let one: InspectionUnderTest;
  let two: InspectionUnderTest;
  let bus: KafkaBus;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp-a', ['inspector'], 'DT'),
        await userDoc('insp-b', ['inspector'], 'DT'),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
      ] as never[]);
    await close();
    [one, two] = await Promise.all([InspectionUnderTest.start(config), InspectionUnderTest.start(config)]);
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await Promise.all([one.close(), two.close()]);
    await dropNamespace(ns);
  });

  it('gives a burst of seven findings three and three, and keeps the seventh waiting at the cap', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `B${i}`);
    await bus.publish(
      'Findings',
      ids.map((id) => ({ key: id, value: findingMessage(id, { caseId: `CB-${id}`, officerId: `OFF-${id}` }) })),
    );
    const tasks = await waitFor(
      'all seven handled',
      async () => {
        const r = await one.call('GET', '/api/findings?pageSize=100', 'sup');
        const items = r.body['items'] as { findingId: string; assignee?: string; waitingReason?: string }[] | undefined;
        return items && items.length === 7 && items.every((t) => t.assignee || t.waitingReason) ? items : undefined;
      },
      90_000,
    );
    const load = (who: string) => tasks.filter((t) => t.assignee === who).length;
    expect([load('insp-a'), load('insp-b')]).toEqual([3, 3]);
    expect(tasks.filter((t) => !t.assignee).map((t) => t.waitingReason)).toEqual([
      expect.stringMatching(/the cap/) as string,
    ]);
  });
});
