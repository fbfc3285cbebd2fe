import { dayFromIso, WorkingCalendar } from '@thads/rules';
import {
  absenceRuling,
  checkSubmission,
  checkSummons,
  findingForSubject,
  isDenouncerField,
  redactForSubject,
  type Evidence,
} from './due-process';
import { DisciplineTimeLimits } from './limits';

const limits = new DisciplineTimeLimits(new WorkingCalendar());
const on = dayFromIso;

describe('due process', () => {
  it('summons the subject at least 5 working days before the meeting', () => {
    expect(checkSummons(limits, on('2025-03-03'), on('2025-03-10'))).toEqual({ ok: true });
    expect(checkSummons(limits, on('2025-03-04'), on('2025-03-10'))).toMatchObject({
      ok: false,
      code: 'summons_too_late',
      earliest: on('2025-03-11'),
    });
  });

  it('meets with the subject present, or absent on their written request', () => {
    expect(absenceRuling(['present'])).toEqual({ proceed: true, subjectPresent: true, inAbsence: 'no' });
    expect(absenceRuling(['heard_in_absence_on_request'])).toEqual({
      proceed: true,
      subjectPresent: false,
      inAbsence: 'on_request',
    });
  });

  it('calls the subject again after an absence with a valid reason, however often', () => {
    expect(absenceRuling(['absent_with_valid_reason'])).toMatchObject({ proceed: false, code: 'summon_again' });
    expect(
      absenceRuling(['absent_without_valid_reason', 'absent_with_valid_reason', 'absent_with_valid_reason']),
    ).toMatchObject({ proceed: false });
  });

  it('calls the subject again after a first absence without a valid reason and meets without them on the second', () => {
    expect(absenceRuling(['absent_without_valid_reason'])).toMatchObject({ proceed: false, code: 'summon_again' });
    expect(absenceRuling(['absent_without_valid_reason', 'absent_without_valid_reason'])).toEqual({
      proceed: true,
      subjectPresent: false,
      inAbsence: 'second_unexcused_absence',
    });
    // The two need not be in a row.
    expect(
      absenceRuling(['absent_without_valid_reason', 'absent_with_valid_reason', 'absent_without_valid_reason']),
    ).toMatchObject({ proceed: true, inAbsence: 'second_unexcused_absence' });
    expect(absenceRuling([])).toMatchObject({ proceed: false });
  });

  it('takes a written response and documents from the subject until the meeting starts', () => {
    const start = Date.parse('2025-03-10T08:00:00+07:00');
    const response = { kind: 'written_response' as const, by: 'S', at: Date.parse('2025-03-09T20:00:00+07:00') };
    expect(checkSubmission(response, 'S', start)).toEqual({ ok: true });
    expect(checkSubmission(response, 'S', undefined)).toEqual({ ok: true });
    expect(checkSubmission({ ...response, kind: 'document', at: start }, 'S', start)).toMatchObject({
      ok: false,
      code: 'meeting_started',
    });
    expect(checkSubmission({ ...response, by: 'H1' }, 'S', start)).toMatchObject({
      ok: false,
      code: 'not_the_subject',
    });
  });

  it('shows the subject the evidence without anything that points to a denouncer or complainant, at any depth', () => {
    const evidence: Evidence = {
      eventIds: ['ev-1', 'ev-2'],
      figures: {
        complaints: 4,
        limit: 3,
        complaintIds: ['CP-77', 'CP-78'],
        denouncerId: 'P-1234',
        ComplainantId: 'P-5678',
        window: { days: 90, denouncerName: 'Nguyễn Văn A', from: '2025-01-01' },
        items: [
          { amount: 1_500_000, complainantAddress: '12 Lê Lợi, Cao Lãnh' },
          { amount: 2_000_000, complaintId: 'CP-79' },
        ],
      },
    };
    const seen = redactForSubject(evidence);
    expect(seen).toEqual({
      eventIds: ['ev-1', 'ev-2'],
      figures: {
        complaints: 4,
        limit: 3,
        window: { days: 90, from: '2025-01-01' },
        items: [{ amount: 1_500_000 }, { amount: 2_000_000 }],
      },
      denouncerWithheld: true,
    });
    const text = JSON.stringify(seen);
    for (const secret of ['CP-77', 'CP-78', 'CP-79', 'P-1234', 'P-5678', 'Nguyễn Văn A', 'Lê Lợi'])
      expect(text).not.toContain(secret);
    // The stored evidence is left as it was.
    expect(evidence.figures['denouncerId']).toBe('P-1234');
  });

  it('says nothing was withheld when nothing was', () => {
    const plain = redactForSubject({ eventIds: ['ev-1'], figures: { amount: 250_000_000, days: 14 } });
    expect(plain).toEqual({ eventIds: ['ev-1'], figures: { amount: 250_000_000, days: 14 } });
    expect(isDenouncerField('denouncer_phone')).toBe(true);
    expect(isDenouncerField('complaints')).toBe(false);
  });

  it('gives the subject the finding with its evidence redacted and the rest unchanged', () => {
    const finding = {
      findingId: 'F-1',
      title: { vi: 'Khiếu nại lặp lại', en: 'Repeated complaints' },
      evidence: { eventIds: ['ev-1'], figures: { complaintIds: ['CP-1'], complaints: 3 } },
    };
    expect(findingForSubject(finding)).toEqual({
      findingId: 'F-1',
      title: finding.title,
      evidence: { eventIds: ['ev-1'], figures: { complaints: 3 }, denouncerWithheld: true },
    });
  });
});
