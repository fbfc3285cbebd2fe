import { AppError, invalidField } from '@thads/http';
import { isoFromDay } from '@thads/rules';
import type { DisciplineForm } from '@thads/contracts';
import type { ProceedingRefusal, SeatProblem } from '../domain';

/** A seat problem in a few words, for an error message (the full list goes in `details`). */
export function describeProblem(p: SeatProblem): string {
  switch (p.code) {
    case 'vacant':
      return `${p.seat} is vacant`;
    case 'unknown_officer':
      return `${p.seat}: ${p.officerId} is not in the registry`;
    case 'sits_twice':
      return `${p.seat}: ${p.officerId} already sits on the council`;
    case 'recused':
      return `${p.seat}: ${p.officerId} is recused (${p.recusals.map((r) => r.ground).join(', ')})`;
    case 'chair_not_authority_leader':
      return `chair: ${p.officerId} is not the head or a deputy head of ${p.authorityUnitId}`;
    case 'authority_outside_registry':
      return `chair: ${p.message}`;
  }
}

/** What a form refusal needs to be worded: the form asked for and those allowed. */
export interface FormContext {
  form: DisciplineForm;
  allowed: readonly DisciplineForm[];
}

/**
 * A refusal of the proceeding's domain as an API error: 400 naming the field when the request
 * itself is wrong for the proceeding (a meeting day too soon, a form the regime does not allow,
 * a conflicted reviewer), 409 when the proceeding's state forbids the step.
 */
export function refusalError(r: ProceedingRefusal, form?: FormContext): AppError {
  switch (r.code) {
    case 'illegal_transition':
      return new AppError(
        'PROCEEDING_ILLEGAL_STEP',
        { from: r.from, to: r.to },
        { details: { status: r.from, allowedNext: [...r.allowed] } },
      );
    case 'invalid_input':
      return invalidField(r.field, r.message);
    case 'council_invalid':
      return new AppError(
        'COUNCIL_INVALID',
        { reason: r.problems.map(describeProblem).join('; ') },
        { details: { problems: r.problems } },
      );
    case 'cannot_meet':
      return new AppError(
        'COUNCIL_CANNOT_MEET',
        { reason: r.problems ? r.problems.map(describeProblem).join('; ') : r.message },
        r.problems ? { details: { problems: r.problems } } : {},
      );
    case 'summons_too_late':
      return new AppError(
        'SUMMONS_TOO_LATE',
        { earliest: isoFromDay(r.earliest) },
        { field: 'meetingOn', details: { earliest: isoFromDay(r.earliest) } },
      );
    case 'summon_again':
      return new AppError('SUMMON_AGAIN', { reason: r.message });
    case 'form_not_in_regime':
    case 'needs_managerial_position':
      return new AppError(
        'FORM_NOT_ALLOWED',
        { form: form?.form ?? '?', allowed: form ? form.allowed.join(', ') || '—' : '—' },
        { field: 'form', details: { why: r.code, message: r.message } },
      );
    case 'reason_required':
      return invalidField('reason', r.message);
    case 'time_to_decide_passed':
      return new AppError('TIME_TO_DECIDE_PASSED', { dueOn: isoFromDay(r.dueOn) });
    case 'appeal_out_of_time':
      return new AppError('APPEAL_OUT_OF_TIME', { dueOn: isoFromDay(r.dueOn) });
    case 'reviewer_conflicted':
      return new AppError(
        'REVIEWER_CONFLICTED',
        { reason: r.message },
        { field: 'reviewerId', ...(r.problems ? { details: { problems: r.problems } } : {}) },
      );
    case 'not_the_reviewer':
      return new AppError('NOT_THE_REVIEWER', { reviewerId: r.reviewerId });
    case 'reviewer_no_longer_eligible':
      return new AppError('REVIEWER_NO_LONGER_ELIGIBLE', { reason: r.message }, { details: { problems: r.problems } });
    case 'already_served':
      return new AppError(
        'PROCEEDING_STEP_REFUSED',
        { reason: r.message },
        { details: { refusal: r.code, servedOn: isoFromDay(r.servedOn) } },
      );
    case 'ends_before_it_starts':
      return invalidField('to', r.message);
    case 'time_not_run_out':
    case 'meet_without_subject':
    case 'not_joinable':
    case 'round_mismatch':
    case 'vote_first':
    case 'nothing_to_appeal':
    case 'no_reviewer_yet':
    case 'already_extended':
    case 'deadline_passed':
      return new AppError('PROCEEDING_STEP_REFUSED', { reason: r.message }, { details: { refusal: r.code } });
  }
}
