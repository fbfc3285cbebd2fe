import { dayFromIso } from '@thads/rules';
import type { HeldRound, Proceeding } from '../domain';
import { nextRound } from './ballot.service';

const met: Proceeding = {
  proceedingId: 'DP-F1',
  subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
  status: 'met',
  openedOn: dayFromIso('2026-12-07'),
  findings: [
    {
      findingId: 'F1',
      factsOn: dayFromIso('2025-09-10'),
      discoveredOn: dayFromIso('2026-12-07'),
      breachClass: 'other',
    },
  ],
  timeBarred: [],
  exclusions: [],
  council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
  everSat: ['H1', 'X2', 'C1'],
  calls: [],
  rounds: [],
};
const held = (n: number, question: HeldRound['question'], outcome: HeldRound['outcome']): HeldRound => ({
  roundId: `DP-F1-r${n}`,
  question,
  outcome,
  commitment: 'c'.repeat(64),
});

describe('the next ballot round', () => {
  it('asks whether to discipline once the council has met', () => {
    expect(nextRound(met)).toMatchObject({
      number: 1,
      round: { roundId: 'DP-F1-r1', question: 'discipline', members: ['C1', 'H1', 'X2'] },
    });
  });

  it('asks for the form, among those the regime and the position allow, after round 1 said discipline — and again without a majority', () => {
    const r1 = { ...met, status: 'round_1' as const, rounds: [held(1, 'discipline', 'discipline')] };
    expect(nextRound(r1)).toMatchObject({
      number: 2,
      round: { roundId: 'DP-F1-r2', question: 'form', choices: ['reprimand', 'warning', 'dismissal', 'abstain'] },
    });
    const again = { ...r1, status: 'round_2' as const, rounds: [...r1.rounds, held(2, 'form', 'no_majority')] };
    expect(nextRound(again)?.round.roundId).toBe('DP-F1-r3');
  });

  it('has nothing to vote after round 1 said no discipline, after a form was chosen, or before the meeting', () => {
    expect(nextRound({ ...met, status: 'round_1', rounds: [held(1, 'discipline', 'no_discipline')] })).toBeUndefined();
    expect(
      nextRound({
        ...met,
        status: 'round_2',
        rounds: [held(1, 'discipline', 'discipline'), held(2, 'form', 'warning')],
      }),
    ).toBeUndefined();
    expect(nextRound({ ...met, status: 'summoned' })).toBeUndefined();
  });
});
