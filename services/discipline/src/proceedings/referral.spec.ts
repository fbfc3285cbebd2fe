import { parseInspectionEvent, type InspectionEventOf } from '@thads/contracts';
import { dayFromIso, WorkingCalendar } from '@thads/rules';
import {
  DisciplineTimeLimits,
  formsFor,
  openProceeding,
  PROCEEDING_STATUSES,
  regimeFor,
  type ProceedingRefusal,
} from '../domain';
import { workedTheMatterOf } from './proceeding-steps.service';
import { breachClassOf, evidenceInstants, referralOf } from './referral';
import { refusalError } from './refusals';

const referred: InspectionEventOf<'inspection.referred'> = {
  eventId: 'inspection.referred:F1:r4',
  type: 'inspection.referred',
  schemaVersion: 1,
  occurredAt: '2026-12-07T03:00:00.000Z',
  inspectionId: 'F1',
  unitId: 'DT-KV01',
  officerId: 'S',
  finding: {
    findingId: 'F1',
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity: 'low',
    detectedAt: '2025-06-30T20:00:00+00:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
  },
  data: {
    target: 'discipline_committee',
    note: 'art. 47',
    by: 'sup',
    conclusion: {
      result: 'substantiated',
      reasoning: 'never paid',
      truePositive: true,
      by: 'insp',
      at: '2026-12-06T18:30:00Z',
    },
  },
};

describe('a referral as the discipline domain takes it', () => {
  it('dates the facts by the day the rule fired and the discovery by the conclusion, in Vietnam time', () => {
    expect(parseInspectionEvent(referred).ok).toBe(true);
    const { finding, record } = referralOf(referred);
    // 20:00 UTC on 30 June is 03:00 on 1 July in Vietnam: the new regime's first day.
    expect(finding).toEqual({
      findingId: 'F1',
      factsOn: dayFromIso('2025-07-01'),
      discoveredOn: dayFromIso('2026-12-07'),
      breachClass: 'reprimand_level',
    });
    expect(record).toMatchObject({
      findingId: 'F1',
      referralEventId: referred.eventId,
      target: 'discipline_committee',
    });
  });

  /** The referral of a payout held since `collectedAt`, detected when its deadline passed. */
  const heldPayout = (collectedAt: string, detectedAt: string, severity: 'low' | 'high' = 'high') => ({
    ...referred,
    finding: { ...referred.finding, severity, detectedAt },
    data: {
      ...referred.data,
      evidence: {
        eventIds: ['C-1-3'],
        figures: { collectedAt, receiptNo: 'BL-7', amount: 5_000_000, lastDay: '2025-07-09T00:00:00+07:00' },
      },
    },
  });

  it('dates the facts by the act the evidence dates, not by the day the rule fired: both sides of 1/7/2025, detected after it', () => {
    const limits = new DisciplineTimeLimits(new WorkingCalendar());
    const regimeOf = (event: InspectionEventOf<'inspection.referred'>) => {
      expect(parseInspectionEvent(event).ok).toBe(true);
      return regimeFor('civil_servant', referralOf(event).finding.factsOn);
    };
    // Collected on 20 June 2025, still held when the rule fired on 10 July: the old regime.
    const before = heldPayout('2025-06-20T10:00:00+07:00', '2025-07-10T00:00:00+07:00');
    expect(referralOf(before).finding.factsOn).toBe(dayFromIso('2025-06-20'));
    expect(regimeOf(before)).toBe('civil_servant_2020');
    const opened = openProceeding(
      'DP-F1',
      { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
      { officerId: 'S', findings: [referralOf(before).finding] },
      dayFromIso('2026-12-07'),
      limits,
    );
    expect(opened.ok && formsFor(opened.proceeding)).toContain('salary_step_reduction');
    // Collected at 23:30 on 1 July 2025 in Vietnam (16:30 UTC), the first day of Decree 172/2025.
    const after = heldPayout('2025-07-01T16:30:00Z', '2025-07-10T00:00:00+07:00');
    expect(referralOf(after).finding.factsOn).toBe(dayFromIso('2025-07-01'));
    expect(regimeOf(after)).toBe('civil_servant_172_2025');
    const later = heldPayout('2025-07-02T09:00:00+07:00', '2025-07-10T00:00:00+07:00');
    expect(regimeOf(later)).toBe('civil_servant_172_2025');
    // Without dated evidence the day the rule fired stands in; a deadline (`lastDay`) is not an act.
    expect(referralOf(referred).finding.factsOn).toBe(dayFromIso('2025-07-01'));
    expect(
      evidenceInstants({ lastDay: '2025-07-09T00:00:00+07:00', since: '2025-05-01T08:00:00+07:00', n: 3 }),
    ).toEqual(['2025-05-01T08:00:00+07:00']);
  });

  it('counts the limitation from the act: a reprimand-level breach of June 2020 detected in 2025 is time-barred', () => {
    const limits = new DisciplineTimeLimits(new WorkingCalendar());
    const old = referralOf(heldPayout('2020-06-20T10:00:00+07:00', '2025-07-10T00:00:00+07:00', 'low')).finding;
    expect(old.breachClass).toBe('reprimand_level');
    expect(limits.limitationCheck(old.factsOn, old.breachClass, dayFromIso('2025-07-15')).ok).toBe(false);
    const recent = referralOf(heldPayout('2020-08-20T10:00:00+07:00', '2025-07-10T00:00:00+07:00', 'low')).finding;
    expect(limits.limitationCheck(recent.factsOn, recent.breachClass, dayFromIso('2025-07-15')).ok).toBe(true);
  });

  it('keeps the officers who worked the finding, for recusal from the council', () => {
    const worked = { ...referred, data: { ...referred.data, workedBy: ['I9', 'SP'] } };
    expect(parseInspectionEvent(worked).ok).toBe(true);
    expect(referralOf(worked).record.workedBy).toEqual(['I9', 'SP']);
    expect(referralOf(referred).record.workedBy).toBeUndefined();
    expect(
      workedTheMatterOf({
        findings: [referralOf(worked).record, { ...referralOf(worked).record, workedBy: ['SP', 'I2'] }],
      }),
    ).toEqual(['I2', 'I9', 'SP']);
  });

  it('classes a low-severity finding at the level of a reprimand, anything heavier as another breach', () => {
    expect(breachClassOf('low')).toBe('reprimand_level');
    expect(['medium', 'high', 'critical'].map((s) => breachClassOf(s as 'medium'))).toEqual([
      'other',
      'other',
      'other',
    ]);
  });
});

describe("the domain's refusals as API errors", () => {
  it('names the field when the request is wrong for the proceeding, and gives the next steps of an illegal move', () => {
    const tooSoon: ProceedingRefusal = { code: 'summons_too_late', earliest: dayFromIso('2026-12-14'), message: 'm' };
    expect(refusalError(tooSoon)).toMatchObject({
      code: 'SUMMONS_TOO_LATE',
      status: 400,
      extra: { field: 'meetingOn', details: { earliest: '2026-12-14' } },
    });
    const form = refusalError(
      { code: 'form_not_in_regime', message: 'no demotion' },
      { form: 'demotion', allowed: ['reprimand', 'warning', 'dismissal'] },
    );
    expect(form).toMatchObject({ code: 'FORM_NOT_ALLOWED', status: 400, extra: { field: 'form' } });
    expect(form.message).toBe(
      'the form demotion may not be imposed in this proceeding; allowed: reprimand, warning, dismissal',
    );
    const illegal = refusalError({
      code: 'illegal_transition',
      from: 'opened',
      to: 'met',
      allowed: ['council_formed'],
    });
    expect(illegal).toMatchObject({ status: 409, extra: { details: { allowedNext: ['council_formed'] } } });
    expect(PROCEEDING_STATUSES).toContain('opened');
  });
});
