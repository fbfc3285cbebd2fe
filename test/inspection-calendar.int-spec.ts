import { OFFICIAL_DAYS_OFF, dayOf } from '@thads/rules';
import type { KafkaBus } from '@thads/messaging';
import { CalendarView } from '@thads/calendar';
import { busFor, dropNamespace, inspectionConfig, namespace, openDb, seedUnits, waitFor } from './support/harness';
import { InspectionUnderTest, findingMessage, userDoc } from './support/inspection-client';

/**
 * The SLA counts working days on the calendar published on `integrity.calendar.v1` (the years
 * administrators keep in the detector's store), not only on the table shipped with the code.
 */
describe('inspection SLA on the published calendar', () => {
  const ns = namespace();
  // Monday 2 March 2026, 09:00 in Vietnam.
  const now = Date.parse('2026-03-02T09:00:00+07:00');
  let svc: InspectionUnderTest;
  let bus: KafkaBus;

  beforeAll(async () => {
    await seedUnits(ns);
    const { db, close } = await openDb(ns);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp', ['inspector'], 'DT'),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
      ] as never[]);
    await close();
    svc = await InspectionUnderTest.start(inspectionConfig(ns), { clock: { now: () => now } });
    bus = busFor(ns);
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await dropNamespace(ns);
  });

  it('moves a due date past a day off declared on the topic after the service started', async () => {
    // Tuesday 3 March 2026 declared a day off (say, a provincial decree), on top of the shipped table.
    const shipped = OFFICIAL_DAYS_OFF.find((y) => y.year === 2026)!;
    await bus.publish('Calendar', [
      {
        key: '2026',
        value: {
          year: 2026,
          daysOff: [...shipped.daysOff, '2026-03-03'],
          ...(shipped.workingDays ? { workingDays: shipped.workingDays } : {}),
          source: 'test decree',
        },
      },
    ]);
    const view = svc.app.get(CalendarView);
    await waitFor(
      'the calendar view to take the year',
      async () => !(await view.calendar()).isWorkingDay(dayOf(Date.parse('2026-03-03T12:00:00+07:00'))),
    );

    await bus.publish('Findings', [
      { key: 'K1', value: findingMessage('K1', { severity: 'critical', caseId: 'CK1', officerId: 'OFF-K1' }) },
    ]);
    const due = await waitFor(
      'K1 assigned',
      async () => ((await svc.call('GET', '/api/findings/K1', 'sup')).body['finding'] as { dueAt?: string }).dueAt,
    );
    // Two working days from Monday: Wednesday and Thursday (Tuesday is off) — due at the start of Friday.
    expect(due).toBe(new Date(Date.parse('2026-03-06T00:00:00+07:00')).toISOString());
  });
});
