import { parseDisciplineEvent } from '@thads/contracts';
import { dayFromIso, WorkingCalendar } from '@thads/rules';
import { DisciplineTimeLimits, openProceeding, recordService, type Proceeding } from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { decisionServed } from './decision-served';

const on = dayFromIso;
const limits = new DisciplineTimeLimits(new WorkingCalendar());

/** A proceeding about S whose authority decided a warning on Wednesday 10 September 2025. */
function decidedWarning(): Proceeding {
  const r = openProceeding(
    'DP-F-1',
    { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
    {
      officerId: 'S',
      findings: [{ findingId: 'F-1', factsOn: on('2025-08-04'), discoveredOn: on('2025-09-01'), breachClass: 'other' }],
    },
    on('2025-09-03'),
    limits,
  );
  if (!r.ok) throw new Error(r.refusal.message);
  // As the decision step leaves it: only the status and the decision matter to the service.
  return {
    ...r.proceeding,
    status: 'decided',
    decision: { on: on('2025-09-10'), outcome: { kind: 'disciplined', form: 'warning' }, by: 'H1' },
  };
}

function served(servedOn: string, today = servedOn): Proceeding {
  const r = recordService(decidedWarning(), on(servedOn), on(today));
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.proceeding;
}

describe('proceeding.decision_served', () => {
  it('counts the last day to appeal from the day of service, not from the decision, moved off a weekend', () => {
    // Decided on 10 September: proceeding.decided said 25 September (served that day). Received on
    // Friday 12 September: 15 days end on Saturday 27 September, so Monday 29 September.
    expect(decisionServed(served('2025-09-12', '2025-09-15'), limits)).toEqual({
      servedOn: '2025-09-12',
      appealBy: '2025-09-29',
    });
    // Served the day it was taken: the provisional appealBy of proceeding.decided was right.
    expect(decisionServed(served('2025-09-10'), limits)).toEqual({ servedOn: '2025-09-10', appealBy: '2025-09-25' });
  });

  it('is published as a valid event keyed by the subject, with the step in its id', () => {
    const event = disciplineEvent(
      'proceeding.decision_served',
      { proceedingId: 'DP-F-1', officerId: 'S', unitId: 'DT-KV01' },
      'v14',
      Date.parse('2025-09-15T03:00:00Z'),
      decisionServed(served('2025-09-12', '2025-09-15'), limits),
    );
    expect(event).toEqual({
      id: 'proceeding.decision_served:DP-F-1:v14',
      topic: 'Discipline',
      key: 'S',
      value: {
        eventId: 'proceeding.decision_served:DP-F-1:v14',
        type: 'proceeding.decision_served',
        schemaVersion: 1,
        occurredAt: '2025-09-15T03:00:00.000Z',
        proceedingId: 'DP-F-1',
        officerId: 'S',
        unitId: 'DT-KV01',
        data: { servedOn: '2025-09-12', appealBy: '2025-09-29' },
      },
    });
    expect(parseDisciplineEvent(event.value)).toEqual({ ok: true, event: event.value });
  });

  it('says nothing of a decision that was not served', () => {
    expect(() => decisionServed(decidedWarning(), limits)).toThrow('not served');
  });
});
