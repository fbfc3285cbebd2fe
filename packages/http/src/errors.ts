import { apiErrorMessage, type ApiErrorCode } from '@thads/contracts';

/** The HTTP status each code answers with. */
export const STATUS_OF: Record<ApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_CONTENT: 400,
  UNAUTHENTICATED: 401,
  SIGN_IN_FAILED: 401,
  REFRESH_INVALID: 401,
  ROLE_REQUIRED: 403,
  CLOSED_ENDPOINT: 403,
  OUT_OF_SCOPE: 403,
  UNIT_OUT_OF_SCOPE: 403,
  NOT_ASSIGNED: 403,
  NOT_ASSIGNED_YET: 403,
  CONCERNED_PARTY: 403,
  DENOUNCER_WITHHELD: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  CHANGED_MEANWHILE: 409,
  INSPECTION_CLOSED: 409,
  FINDING_FINAL: 409,
  FINDING_SUPPRESSED: 409,
  SUPPRESSION_CONCERNED: 403,
  SUPPRESSION_ENDED: 409,
  ALREADY_EXISTS: 409,
  FOUR_EYES: 403,
  PAYLOAD_TOO_LARGE: 413,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  NO_OFFICER_LINK: 403,
  PROCEEDING_CONCERNED: 403,
  NOT_THE_CHAIR: 403,
  NOT_A_COUNCIL_MEMBER: 403,
  NOT_THE_AUTHORITY: 403,
  NOT_THE_SUBJECT: 403,
  NOT_THE_REVIEWER: 403,
  PROCEEDING_ILLEGAL_STEP: 409,
  PROCEEDING_CHANGED: 409,
  PROCEEDING_STEP_REFUSED: 409,
  COUNCIL_INVALID: 409,
  COUNCIL_CANNOT_MEET: 409,
  SUMMONS_TOO_LATE: 400,
  MEETING_DAY_OFF: 400,
  SUMMON_AGAIN: 409,
  FORM_NOT_ALLOWED: 400,
  TIME_TO_DECIDE_PASSED: 409,
  APPEAL_OUT_OF_TIME: 409,
  REVIEWER_CONFLICTED: 400,
  NOT_THE_SUPERIOR_AUTHORITY: 403,
  REVIEWER_NO_LONGER_ELIGIBLE: 403,
  BALLOT_REFUSED: 409,
  ROUND_HELD_ELSEWHERE: 409,
  RULE_VERSION_NOT_FUTURE: 400,
  CALENDAR_DAY_PASSED: 400,
  ROOT_ADMIN_REQUIRED: 403,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export type ErrorParams = Record<string, string | number>;

/**
 * An error of the application, raised anywhere below the controllers (use cases, workers): a
 * stable code, the values its message needs, and optionally the field that is wrong. It knows
 * nothing of HTTP; the exception filter turns it into an answer.
 */
export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly params: ErrorParams = {},
    readonly extra: {
      field?: string;
      details?: Record<string, unknown>;
      /** The refusal this answer stands for, told to the denial listener only (see `outOfScope`). */
      concealed?: AppError;
      /** Seconds before the caller may try again, sent as `Retry-After` (a 429). */
      retryAfterS?: number;
    } = {},
  ) {
    super(apiErrorMessage(code, params).en);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS_OF[this.code];
  }
}

/** 400 naming the field that is wrong and why. */
export function invalidField(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, reason }, { field });
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', { what });
}

/**
 * The answer to a caller asking for something that exists in a unit outside their scope: the very
 * 404 of something that does not exist. A 403 would tell them that it exists, and so what goes
 * on in other units (a finding id is its rule and case; a proceeding id its finding's). The
 * refusal itself (OUT_OF_SCOPE, with the unit) still reaches the denial listener, so the audit
 * trail keeps it.
 */
export function outOfScope(what: string, unitId: string): AppError {
  return new AppError('NOT_FOUND', { what }, { concealed: new AppError('OUT_OF_SCOPE', { what, unitId }) });
}
