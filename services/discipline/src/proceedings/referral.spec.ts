import { parseInspectionEvent, type InspectionEventOf } from '@thads/contracts';
import { dayFromIso } from '@thads/rules';
import { PROCEEDING_STATUSES, type ProceedingRefusal } from '../domain';
import { breachClassOf, referralOf } from './referral';
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
