import { readDisciplineEvent } from '@thads/contracts';
import { aFinding, inspected, proceeding } from './__tests__/builders';
import { cellsOf, figuresOf } from './__tests__/table';
import { WorkflowPartition } from './partitions';
import type { WorkflowEvent } from './workflow';

const MARCH = ['2025-03-01', '2025-04-01'] as const;

function figures(events: readonly WorkflowEvent[], [from, to]: readonly [string, string] = MARCH) {
  const forward = new WorkflowPartition();
  forward.apply(events);
  // One event per batch, last first: the same cells.
  const backward = new WorkflowPartition();
  for (const e of [...events].reverse()) backward.apply([e]);
  expect(cellsOf(backward)).toEqual(cellsOf(forward));
  return figuresOf(cellsOf(forward), from, to);
}

describe('rule precision from conclusions', () => {
  const f1 = aFinding('F-1', { ruleId: 'payout-overdue', detectedAt: '2025-03-14T00:00:00+07:00' });
  const f2 = aFinding('F-2', { ruleId: 'payout-overdue', detectedAt: '2025-03-20T00:00:00+07:00' });
  const f3 = aFinding('F-3', { ruleId: 'late-decision', detectedAt: '2025-03-05T00:00:00+07:00' });

  it("counts concluded findings and true positives per rule, on the finding's detectedAt day, whenever they were concluded", () => {
    const events = [
      inspected(f1).concluded(true, '2026-01-10'),
      inspected(f2).concluded(false, '2026-01-11'),
      inspected(f3).concluded(true, '2026-02-01'),
    ];
    const f = figures(events);
    expect(f.precision.byRule).toEqual([
      { ruleId: 'late-decision', concluded: 1, truePositives: 1, precision: 1, confirmedByDiscipline: 0, dismissed: 0 },
      {
        ruleId: 'payout-overdue',
        concluded: 2,
        truePositives: 1,
        precision: 0.5,
        confirmedByDiscipline: 0,
        dismissed: 0,
      },
    ]);
    expect(f.precision.overall).toMatchObject({ concluded: 3, truePositives: 2, precision: 2 / 3 });
    // Concluded in 2026, counted in March 2025.
    expect(figures(events, ['2026-01-01', '2026-03-01']).precision.overall.concluded).toBe(0);
  });

  it('takes the latest conclusion of a finding: one reconsidered, or carried again by the referral', () => {
    const i = inspected(f1);
    const first = i.concluded(false, '2025-04-01');
    const again = i.concluded(true, '2025-04-05');
    const referred = i.referred(true, '2025-04-05');
    const f = figures([referred, first, again, first]);
    expect(f.precision.overall).toMatchObject({ concluded: 1, truePositives: 1, precision: 1 });
  });

  it('counts a closure that carries a conclusion, and a dismissal apart from the conclusions', () => {
    const f = figures([inspected(f1).closed('2025-04-01', false), inspected(f2).dismissed('2025-04-01')]);
    expect(f.precision.byRule).toEqual([
      {
        ruleId: 'payout-overdue',
        concluded: 1,
        truePositives: 0,
        precision: 0,
        confirmedByDiscipline: 0,
        dismissed: 1,
      },
    ]);
    expect(figures([inspected(f1).closed('2025-04-01')]).precision.overall.concluded).toBe(0);
  });

  it('counts an SLA breach once per finding, in its period, against the findings raised', () => {
    const i = inspected(f1);
    const f = figures([
      i.slaBreached('2025-05-02'),
      i.slaBreached('2025-05-02'),
      inspected(f3).slaBreached('2025-06-01'),
    ]);
    expect(f.slaBreaches.count).toBe(2);
  });
});

describe('confirmation by discipline', () => {
  const f1 = aFinding('F-1', { ruleId: 'payout-overdue', officerId: 'O-1' });
  const f2 = aFinding('F-2', { ruleId: 'payee-not-party', officerId: 'O-1', severity: 'critical' });
  const referred = [inspected(f1).referred(true, '2025-04-01'), inspected(f2).referred(true, '2025-04-01')];

  it('confirms the findings a proceeding decided `disciplined` names, under their own rule and day', () => {
    const p = proceeding('P-1', 'O-1');
    const f = figures([
      p.opened(['F-1', 'F-2'], '2025-04-03'),
      p.decided('disciplined', ['F-1'], '2025-06-02', 'warning'),
      ...referred,
    ]);
    expect(f.precision.byRule.map((r) => [r.ruleId, r.confirmedByDiscipline])).toEqual([
      ['payee-not-party', 0],
      ['payout-overdue', 1],
    ]);
    // The decision itself counts on its own day.
    const june = figures([p.decided('disciplined', ['F-1'], '2025-06-02', 'warning')], ['2025-06-01', '2025-07-01']);
    expect(june.disciplineOutcomes).toEqual({
      decided: 1,
      byOutcome: { disciplined: 1, not_disciplined: 0, referred_to_investigators: 0 },
      byForm: {
        reprimand: 0,
        warning: 1,
        salary_step_reduction: 0,
        demotion: 0,
        removal_from_post: 0,
        dismissal: 0,
        unspecified: 0,
      },
      annulledOnAppeal: 0,
      changedOnAppeal: 0,
    });
  });

  it('takes the confirmation back when an appeal annuls the decision, in whatever order the two arrive', () => {
    const p = proceeding('P-1', 'O-1');
    const decided = p.decided('disciplined', ['F-1', 'F-2'], '2025-06-02', 'reprimand');
    const annulled = p.appealResolved('annulled', '2025-07-01');
    for (const events of [
      [...referred, decided, annulled],
      [annulled, decided, ...referred],
    ]) {
      expect(figures(events).precision.overall.confirmedByDiscipline).toBe(0);
      const june = figures(events, ['2025-06-01', '2025-07-01']).disciplineOutcomes;
      expect([june.byOutcome.disciplined, june.byForm.reprimand, june.annulledOnAppeal]).toEqual([1, 0, 1]);
    }
  });

  it('counts a decision changed on appeal under its new form, and a not-disciplined decision as no confirmation', () => {
    const p = proceeding('P-1', 'O-1');
    const q = proceeding('P-2', 'O-1');
    const events = [
      ...referred,
      p.decided('disciplined', ['F-1'], '2025-06-02', 'removal_from_post'),
      p.appealResolved('changed', '2025-06-20', 'warning'),
      q.decided('not_disciplined', ['F-2'], '2025-06-03'),
    ];
    const june = figures(events, ['2025-06-01', '2025-07-01']).disciplineOutcomes;
    expect(june).toMatchObject({
      decided: 2,
      byOutcome: { disciplined: 1, not_disciplined: 1, referred_to_investigators: 0 },
      changedOnAppeal: 1,
    });
    expect([june.byForm.warning, june.byForm.removal_from_post]).toEqual([1, 0]);
    expect(figures(events).precision.overall.confirmedByDiscipline).toBe(1);
  });

  it('counts a finding once although two proceedings confirm it, and keeps it confirmed while one still does', () => {
    const p = proceeding('P-1', 'O-1');
    const q = proceeding('P-2', 'O-1');
    const events = [
      ...referred,
      p.decided('disciplined', ['F-1'], '2025-06-02', 'warning'),
      q.decided('disciplined', ['F-1'], '2025-06-05', 'reprimand'),
      q.appealResolved('annulled', '2025-07-01'),
    ];
    expect(figures(events).precision.overall.confirmedByDiscipline).toBe(1);
  });

  it('reads the day a decision was served as the ingest does (valid, not dead-lettered) and counts nothing more for it', () => {
    const p = proceeding('P-1', 'O-1');
    const served = p.decisionServed('2025-06-04', '2025-06-19');
    expect(readDisciplineEvent(JSON.stringify(served))).toEqual({ ok: true, event: served });
    const decided = [...referred, p.decided('disciplined', ['F-1'], '2025-06-02', 'warning')];
    for (const period of [MARCH, ['2025-06-01', '2025-07-01'] as const])
      expect(figures([...decided, served], period)).toEqual(figures(decided, period));
    // Alone (its decision not read yet), it makes no proceeding count either.
    const alone = new WorkflowPartition();
    alone.apply([served]);
    expect(cellsOf(alone)).toEqual([]);
  });

  it('ignores an appeal resolved before the decision in force (it was about an earlier one)', () => {
    const p = proceeding('P-1', 'O-1');
    const events = [
      ...referred,
      p.appealResolved('annulled', '2025-05-01'),
      p.decided('disciplined', ['F-1'], '2025-06-02', 'warning'),
    ];
    expect(figures(events).precision.overall.confirmedByDiscipline).toBe(1);
  });
});
