/**
 * The subject's rights in the proceeding (DOMAIN.md, Discipline; Complaints and denunciations):
 *
 * - Summons: delivered at least 5 working days before the meeting (`DisciplineTimeLimits`).
 * - Absence: a meeting the subject misses with a valid reason is held again on a new summons;
 *   so is the first one missed without a valid reason. On the second absence without a valid
 *   reason the council meets without the subject. A subject who asks in writing to be heard in
 *   their absence is heard so. (An illness is also an excluded period of the time to decide,
 *   recorded separately: see `Exclusion` in limits.ts.)
 * - Before the meeting, the subject may send a written response (bản kiểm điểm, giải trình) and
 *   documents.
 * - The subject may see the findings and their evidence, never who denounced them: evidence
 *   goes through `redactForSubject`, which strips the denouncer's and complainants' fields at
 *   any depth. Nor may they see how anyone voted (ballot.ts stores nothing that would say).
 */
import { withoutDenouncerFields } from '@thads/contracts';
import type { Day } from '@thads/rules';
import type { DisciplineTimeLimits, MeetingDayCheck } from './limits';

export const SUBJECT_ATTENDANCE = [
  'present',
  'absent_with_valid_reason',
  'absent_without_valid_reason',
  /** The subject asked in writing to be heard in their absence. */
  'heard_in_absence_on_request',
] as const;
export type SubjectAttendance = (typeof SUBJECT_ATTENDANCE)[number];

/** How many absences without a valid reason let the council meet without the subject. */
export const ABSENCES_BEFORE_HEARING_WITHOUT_SUBJECT = 2;

export type AbsenceRuling =
  | { proceed: true; subjectPresent: boolean; inAbsence: 'no' | 'on_request' | 'second_unexcused_absence' }
  | { proceed: false; code: 'summon_again'; reason: string };

/**
 * Whether the meeting goes ahead, given the subject's attendance at every meeting called so far
 * in this proceeding, oldest first, the current one last.
 */
export function absenceRuling(attendances: readonly SubjectAttendance[]): AbsenceRuling {
  const current = attendances.at(-1);
  if (current === undefined) return { proceed: false, code: 'summon_again', reason: 'no meeting has been called' };
  switch (current) {
    case 'present':
      return { proceed: true, subjectPresent: true, inAbsence: 'no' };
    case 'heard_in_absence_on_request':
      return { proceed: true, subjectPresent: false, inAbsence: 'on_request' };
    case 'absent_with_valid_reason':
      return { proceed: false, code: 'summon_again', reason: 'the subject is absent with a valid reason' };
    case 'absent_without_valid_reason': {
      const unexcused = attendances.filter((a) => a === 'absent_without_valid_reason').length;
      if (unexcused >= ABSENCES_BEFORE_HEARING_WITHOUT_SUBJECT)
        return { proceed: true, subjectPresent: false, inAbsence: 'second_unexcused_absence' };
      return {
        proceed: false,
        code: 'summon_again',
        reason: 'a first absence without a valid reason: the subject is summoned once more',
      };
    }
  }
}

/** The summons rule, as due process states it (the arithmetic lives in limits.ts). */
export function checkSummons(limits: DisciplineTimeLimits, summonedOn: Day, meetingOn: Day): MeetingDayCheck {
  return limits.checkMeetingDay(summonedOn, meetingOn);
}

export const SUBMISSION_KINDS = ['written_response', 'document'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export interface Submission {
  kind: SubmissionKind;
  /** The officer who submits it. */
  by: string;
  /** Epoch milliseconds. */
  at: number;
}

export type SubmissionCheck =
  { ok: true } | { ok: false; code: 'not_the_subject' | 'meeting_started'; message: string };

/**
 * Whether the council must take a submission into account: it comes from the subject, before
 * the meeting starts (`meetingStartsAt`, epoch ms; undefined while no meeting is called).
 */
export function checkSubmission(
  s: Submission,
  subjectId: string,
  meetingStartsAt: number | undefined,
): SubmissionCheck {
  if (s.by !== subjectId)
    return { ok: false, code: 'not_the_subject', message: 'only the subject submits a response or documents' };
  if (meetingStartsAt !== undefined && s.at >= meetingStartsAt)
    return {
      ok: false,
      code: 'meeting_started',
      message: 'the meeting has started: the subject speaks there, or appeals the decision',
    };
  return { ok: true };
}

/**
 * The names that point to a denouncer or complainant are the contract's (`@thads/contracts`,
 * denouncers.ts): the inspection service strips them before a referral goes on the topic, and
 * the subject's view strips them again here, whatever the source.
 */
export { DENOUNCER_FIELDS, isDenouncerField } from '@thads/contracts';

/** Evidence as a finding carries it (`FindingMessage.evidence`). */
export interface Evidence {
  eventIds: string[];
  figures: Record<string, unknown>;
}

/**
 * Evidence as the subject may see it: the figures without any field that names or points to a
 * denouncer or complainant, at any depth, and a flag saying that something was withheld. The
 * event ids stay: the events themselves reach the subject only through the case file, which
 * withholds the denouncer too.
 */
export function redactForSubject(evidence: Evidence): Evidence & { denouncerWithheld?: true } {
  const { value: figures, removed } = withoutDenouncerFields(evidence.figures);
  return {
    eventIds: [...evidence.eventIds],
    figures,
    ...(removed > 0 ? { denouncerWithheld: true as const } : {}),
  };
}

/** A finding as the subject may see it: everything but the evidence unchanged. */
export function findingForSubject<F extends { evidence: Evidence }>(
  finding: F,
): Omit<F, 'evidence'> & { evidence: Evidence & { denouncerWithheld?: true } } {
  return { ...finding, evidence: redactForSubject(finding.evidence) };
}
