import {
  allowedNext,
  checkTransition,
  FINDING_STATUSES,
  IllegalTransition,
  InvalidTransitionInput,
  isFinal,
} from './lifecycle';

describe('finding lifecycle', () => {
  it('follows open → triaged → under_inspection → concluded → referred | closed, with dismissal from open or triaged', () => {
    expect(() => checkTransition('open', { to: 'triaged' })).not.toThrow();
    expect(() => checkTransition('triaged', { to: 'under_inspection' })).not.toThrow();
    expect(() =>
      checkTransition('under_inspection', {
        to: 'concluded',
        result: 'substantiated',
        reasoning: 'receipts missing',
        truePositive: true,
      }),
    ).not.toThrow();
    expect(() =>
      checkTransition(
        'concluded',
        { to: 'referred', target: 'discipline_committee', note: 'art. 47' },
        'substantiated',
      ),
    ).not.toThrow();
    expect(() => checkTransition('concluded', { to: 'closed' }, 'unsubstantiated')).not.toThrow();
    expect(() =>
      checkTransition('open', { to: 'dismissed', reason: 'data_error', note: 'wrong receipt number' }),
    ).not.toThrow();
  });

  it('refuses every other move and names the allowed ones', () => {
    let refused = 0;
    for (const from of FINDING_STATUSES) {
      for (const to of FINDING_STATUSES) {
        if (allowedNext(from).includes(to)) continue;
        try {
          checkTransition(from, { to } as never);
        } catch (err) {
          expect(err).toBeInstanceOf(IllegalTransition);
          expect((err as IllegalTransition).allowed).toEqual(allowedNext(from));
          refused += 1;
        }
      }
    }
    expect(refused).toBe(49 - 7); // 7 × 7 pairs minus the 7 legal moves
    expect(['dismissed', 'referred', 'closed'].every((s) => isFinal(s as never))).toBe(true);
  });

  it('requires the reasoning, a coherent true/false-positive flag and no referral of an unsubstantiated finding', () => {
    expect(() =>
      checkTransition('under_inspection', {
        to: 'concluded',
        result: 'substantiated',
        reasoning: ' ',
        truePositive: true,
      }),
    ).toThrow(InvalidTransitionInput);
    expect(() =>
      checkTransition('under_inspection', {
        to: 'concluded',
        result: 'unsubstantiated',
        reasoning: 'paid on time',
        truePositive: true,
      }),
    ).toThrow(/truePositive/);
    expect(() =>
      checkTransition('concluded', { to: 'referred', target: 'investigators', note: 'x' }, 'unsubstantiated'),
    ).toThrow(/closed, not referred/);
    expect(() => checkTransition('open', { to: 'dismissed', reason: 'data_error', note: '' })).toThrow(/note/);
  });
});
