/**
 * The life of a finding in the inspection workflow (issue 5):
 *
 *   open → triaged → under_inspection → concluded → referred | closed
 *   open → dismissed (known exception, data error, duplicate)
 *
 * Every change is explicit and validated here; the HTTP layer answers an illegal one with 409
 * and the allowed next states.
 */
import { FINDING_STATUSES, type FindingStatus } from '@thads/contracts';

export { FINDING_STATUSES, type FindingStatus };

export const CONCLUSION_RESULTS = ['substantiated', 'unsubstantiated', 'inconclusive'] as const;
export type ConclusionResult = (typeof CONCLUSION_RESULTS)[number];

export const DISMISSAL_REASONS = ['known_exception', 'data_error', 'duplicate', 'other'] as const;
export type DismissalReason = (typeof DISMISSAL_REASONS)[number];

export const REFERRAL_TARGETS = ['discipline_committee', 'investigators'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

const NEXT: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ['triaged', 'dismissed'],
  triaged: ['under_inspection', 'dismissed'],
  under_inspection: ['concluded'],
  concluded: ['referred', 'closed'],
  dismissed: [],
  referred: [],
  closed: [],
};

export function allowedNext(status: FindingStatus): readonly FindingStatus[] {
  return NEXT[status];
}

export function isFinal(status: FindingStatus): boolean {
  return NEXT[status].length === 0;
}

/** What a transition must carry besides the target state. */
export type TransitionInput =
  | { to: 'triaged' }
  | { to: 'dismissed'; reason: DismissalReason; note: string }
  | { to: 'under_inspection' }
  | { to: 'concluded'; result: ConclusionResult; reasoning: string; truePositive: boolean }
  | { to: 'referred'; target: ReferralTarget; note: string }
  | { to: 'closed'; note?: string };

export class IllegalTransition extends Error {
  constructor(
    readonly from: FindingStatus,
    readonly to: FindingStatus,
  ) {
    super(`a finding that is ${from} cannot become ${to}; allowed: ${NEXT[from].join(', ') || 'none (final)'}`);
  }

  get allowed(): readonly FindingStatus[] {
    return NEXT[this.from];
  }
}

export class InvalidTransitionInput extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * Checks one transition. A referral needs a substantiated (or inconclusive) conclusion: an
 * unsubstantiated finding can only be closed.
 */
export function checkTransition(from: FindingStatus, input: TransitionInput, concluded?: ConclusionResult): void {
  if (!NEXT[from].includes(input.to)) throw new IllegalTransition(from, input.to);
  switch (input.to) {
    case 'dismissed':
      if (!DISMISSAL_REASONS.includes(input.reason))
        throw new InvalidTransitionInput('reason', `one of ${DISMISSAL_REASONS.join(', ')}`);
      if (!input.note.trim()) throw new InvalidTransitionInput('note', 'say why the finding is dismissed');
      return;
    case 'concluded':
      if (!CONCLUSION_RESULTS.includes(input.result))
        throw new InvalidTransitionInput('result', `one of ${CONCLUSION_RESULTS.join(', ')}`);
      if (!input.reasoning.trim()) throw new InvalidTransitionInput('reasoning', 'a conclusion needs its reasoning');
      if (input.result === 'unsubstantiated' && input.truePositive)
        throw new InvalidTransitionInput('truePositive', 'an unsubstantiated finding is a false positive');
      return;
    case 'referred':
      if (!REFERRAL_TARGETS.includes(input.target))
        throw new InvalidTransitionInput('target', `one of ${REFERRAL_TARGETS.join(', ')}`);
      if (concluded === 'unsubstantiated')
        throw new InvalidTransitionInput('to', 'an unsubstantiated finding is closed, not referred');
      return;
    default:
      return;
  }
}
