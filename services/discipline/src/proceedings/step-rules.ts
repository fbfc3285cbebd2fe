import type { Principal, Role } from '@thads/auth';
import { AppError } from '@thads/http';
import {
  checkSubmission,
  councilMembers,
  designationRefusal,
  nextRound,
  reseatRefusal,
  serviceRefusal,
  startOfMeeting,
  stepRefusal,
  timeChangeRefusal,
  type ProceedingRefusal,
  type ProceedingStatus,
} from '../domain';
import type { ProceedingAccess } from './proceeding-access';
import type { ProceedingDoc } from './proceeding-record';
import type { StepContext } from './proceeding-steps.service';
import { refusalError } from './refusals';

/**
 * The steps a caller may take on a proceeding, each with the one rule its endpoint applies:
 * the roles its token must carry (the endpoint's `@Roles`), who they must be in this proceeding
 * (ProceedingAccess: scope, not concerned, the chair, a member, the authority, the subject, the
 * appeal authority, the reviewer) and what the proceeding's state says against it whatever the
 * request carries (the domain's checks: `stepRefusal`, `timeChangeRefusal`…). The endpoints
 * take a step through `mayTake`; the proceeding's answer lists `allowedSteps`, the same rules
 * run without the request — so the console offers exactly what the service would accept, short
 * of what the request itself gets wrong (a meeting day too soon, a form the regime refuses).
 */
export const STEP_KINDS = [
  // the head or a deputy head of the disciplining authority
  'formCouncil',
  'recheckCouncil',
  'extend',
  'exclude',
  'decide',
  'serve',
  'investigators',
  // the chair of the council
  'summon',
  'meet',
  'openRound',
  'recommend',
  // a member of the council (the chair too), while a round is open
  'vote',
  // the subject
  'respond',
  'appeal',
  // the appeal authority (the unit above, or the disciplining authority at the top of the registry)
  'designateReviewer',
  // the appeal's reviewer
  'resolveAppeal',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** What the rules are judged against: the step's context, and whether the council's round is open now (the ballot's lease). */
export interface StepCheck extends StepContext {
  /** Undefined where nobody asked (the ballot's own endpoint judges the box it holds). */
  roundOpen?: boolean;
}

interface StepRule {
  /** The roles the endpoint admits (none: any signed-in user; who they are decides). */
  roles: readonly Role[];
  /** Throws the refusal (403, or the 404 of a proceeding out of scope) unless the caller may act; returns their officer id. */
  who(access: ProceedingAccess, principal: Principal, doc: ProceedingDoc, ctx: StepCheck): string;
  /** What the proceeding's state says against the step now, whatever the request carries. */
  refusal(doc: ProceedingDoc, ctx: StepCheck): AppError | undefined;
}

const CHAIR_ROLES: readonly Role[] = ['committee_chair'];
const MEMBER_ROLES: readonly Role[] = ['committee_member', 'committee_chair'];
const ANYONE: readonly Role[] = [];

const domain = (r: ProceedingRefusal | undefined) => (r === undefined ? undefined : refusalError(r));
const towards = (to: ProceedingStatus) => (d: ProceedingDoc, ctx: StepCheck) =>
  domain(stepRefusal(d.proceeding, to, ctx.today, { limits: ctx.limits, org: ctx.council }));
const authority: StepRule['who'] = (access, principal, d, ctx) => access.authority(principal, d, ctx.org);
const chair: StepRule['who'] = (access, principal, d, ctx) => access.chair(principal, d, ctx.org);

/** The members of the round due (the council's, when none is). */
export function roundMembers(d: ProceedingDoc): string[] {
  const next = nextRound(d.proceeding);
  return [...(next?.round.members ?? (d.proceeding.council ? councilMembers(d.proceeding.council) : []))];
}

export const STEP_RULES: Readonly<Record<StepKind, StepRule>> = {
  formCouncil: { roles: CHAIR_ROLES, who: authority, refusal: towards('council_formed') },
  recheckCouncil: {
    roles: CHAIR_ROLES,
    who: authority,
    refusal: (d) => {
      const r = reseatRefusal(d.proceeding);
      return r && new AppError('PROCEEDING_STEP_REFUSED', { reason: r.code === 'invalid_input' ? r.message : r.code });
    },
  },
  extend: {
    roles: CHAIR_ROLES,
    who: authority,
    refusal: (d, ctx) => domain(timeChangeRefusal(d.proceeding, 'extension', ctx.today, ctx.limits)),
  },
  exclude: {
    roles: CHAIR_ROLES,
    who: authority,
    refusal: (d, ctx) => domain(timeChangeRefusal(d.proceeding, 'exclusion', ctx.today, ctx.limits)),
  },
  decide: { roles: CHAIR_ROLES, who: authority, refusal: towards('decided') },
  serve: { roles: CHAIR_ROLES, who: authority, refusal: (d) => domain(serviceRefusal(d.proceeding)) },
  investigators: { roles: CHAIR_ROLES, who: authority, refusal: towards('referred_to_investigators') },
  summon: { roles: CHAIR_ROLES, who: chair, refusal: towards('summoned') },
  meet: { roles: CHAIR_ROLES, who: chair, refusal: towards('met') },
  openRound: {
    roles: CHAIR_ROLES,
    who: chair,
    refusal: (d) =>
      nextRound(d.proceeding) === undefined
        ? new AppError('PROCEEDING_STEP_REFUSED', {
            reason: `a ${d.status} proceeding has no round to vote (round 1 after the meeting; round 2 after round 1 said discipline, or after a round 2 without a majority)`,
          })
        : undefined,
  },
  recommend: { roles: CHAIR_ROLES, who: chair, refusal: towards('recommended') },
  vote: {
    roles: MEMBER_ROLES,
    who: (access, principal, d, ctx) => access.member(principal, d, ctx.org, roundMembers(d)),
    refusal: (d, ctx) => {
      const next = nextRound(d.proceeding);
      if (next === undefined || ctx.roundOpen === false)
        return new AppError('BALLOT_REFUSED', {
          reason:
            next === undefined
              ? `a ${d.status} proceeding has no round to vote`
              : 'no round is open: the chair opens it',
        });
      return undefined;
    },
  },
  respond: {
    roles: ANYONE,
    who: (access, principal, d) => access.subject(principal, d),
    refusal: (d, ctx) => {
      const check = checkSubmission(
        { kind: 'written_response', by: d.officerId, at: ctx.now },
        d.officerId,
        startOfMeeting(d.proceeding),
      );
      return check.ok ? undefined : new AppError('PROCEEDING_STEP_REFUSED', { reason: check.message });
    },
  },
  appeal: {
    roles: ANYONE,
    who: (access, principal, d) => access.subject(principal, d),
    refusal: towards('appeal_lodged'),
  },
  designateReviewer: {
    roles: ['leadership', 'committee_chair'],
    who: (access, principal, d, ctx) => access.appealAuthority(principal, d, ctx.org, ctx.council),
    refusal: (d) => domain(designationRefusal(d.proceeding)),
  },
  resolveAppeal: {
    roles: ANYONE,
    who: (access, principal, d, ctx) => access.reviewer(principal, d, ctx.org),
    refusal: towards('appeal_resolved'),
  },
};

/** The roles of a step's endpoint, for its `@Roles(...)`. */
export function rolesOf(step: StepKind): Role[] {
  return [...STEP_RULES[step].roles] as Role[];
}

/**
 * Whether the caller may take `step` now: throws what the endpoint answers otherwise (403 without
 * the role or the part in the proceeding, 404 out of scope, 409 or 400 of the state), in the
 * endpoint's order: the role, who they are, the request (`body`, read only then), the state.
 * Returns the caller's officer id and the request.
 */
export function mayTake<B = undefined>(
  step: StepKind,
  access: ProceedingAccess,
  principal: Principal,
  doc: ProceedingDoc,
  ctx: StepCheck,
  body?: () => B,
): { by: string; body: B } {
  const rule = STEP_RULES[step];
  if (rule.roles.length > 0 && !rule.roles.some((r) => principal.roles.includes(r)))
    throw new AppError('ROLE_REQUIRED', { roles: rule.roles.join(', ') });
  const by = rule.who(access, principal, doc, ctx);
  const b = body === undefined ? (undefined as B) : body();
  const refused = rule.refusal(doc, ctx);
  if (refused) throw refused;
  return { by, body: b };
}

/** The steps the caller may take now, in the order of the procedure: those `mayTake` lets through. */
export function allowedSteps(
  access: ProceedingAccess,
  principal: Principal,
  doc: ProceedingDoc,
  ctx: StepCheck,
): StepKind[] {
  return STEP_KINDS.filter((step) => {
    try {
      mayTake(step, access, principal, doc, ctx);
      return true;
    } catch (err) {
      if (err instanceof AppError) return false;
      throw err;
    }
  });
}
