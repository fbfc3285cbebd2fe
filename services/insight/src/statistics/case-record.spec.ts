import { aCase } from './__tests__/case-events';
import { emptyCaseRecord, foldCaseEvent, type CaseRecord } from './case-record';

function fold(events: ReturnType<typeof aCase>['events'], record = emptyCaseRecord('C-1')): CaseRecord {
  return events.reduce(foldCaseEvent, record);
}

describe('the case record', () => {
  const c = aCase('C-1')
    .on('2024-09-01')
    .received(10)
    .on('2024-09-02')
    .classified('unable')
    .on('2024-09-03')
    .collected(4)
    .on('2024-09-04')
    .closed();
  const record = fold(c.events);

  it('comes back unchanged, as the same object, when an event changes nothing', () => {
    const later = aCase('C-1').on('2024-09-10').received(99).closed('returned').assigned('O-1');
    for (const event of [...c.events, ...later.events]) expect(foldCaseEvent(record, event)).toBe(record);
  });

  it('keeps the earliest receipt and end, and only the classifications before the end', () => {
    const earlier = aCase('C-1').on('2024-08-01').id('r0').received(20, 'U-2').on('2024-09-02', '12:00:00').closed();
    const after = fold(earlier.events, record);
    expect(after.received).toEqual({
      eventId: 'r0',
      at: Date.parse('2024-08-01T09:00:00+07:00'),
      unitId: 'U-2',
      claimAmount: 20,
    });
    expect(after.end).toMatchObject({ at: Date.parse('2024-09-02T12:00:00+07:00'), returned: false });
    expect(after.classifications).toHaveLength(1);
    expect(fold(aCase('C-1').on('2024-09-03').classified('able').events, after)).toBe(after);
  });

  it('refuses an event of another case', () => {
    expect(() => foldCaseEvent(record, aCase('C-2').received(1).events[0]!)).toThrow(/C-2/);
  });
});
