/**
 * The life of a disciplinary proceeding against one officer:
 *
 *   opened → council_formed → summoned → met → round_1 → round_2 → recommended → decided
 *          → appeal_lodged → appeal_resolved
 *
 * - round_1 → recommended directly when round 1 says no discipline; round_2 → round_2 when the
 *   form found no majority; summoned → summoned when the meeting must be called again.
 * - referred_to_investigators (signs of a crime: embezzlement, bribe-taking, appropriation,
 *   criminal negligence) and closed_time_barred (the time to decide ran out) end it from any
 *   step before the decision; a referral whose every finding is past its limitation period
 *   opens a proceeding that is closed_time_barred at once.
 *
 * A proceeding is opened by a referral of one or more findings about one officer. A later
 * referral about the same officer joins the open proceeding while the subject has not been
 * heard (opened, council_formed, summoned; a summoned proceeding goes back to council_formed,
 * because the subject must get the new findings with a fresh summons). Once the council has met
 * it waits until the decision and then opens a proceeding of its own: joining findings the
 * subject never answered would deny them a hearing. (Assumption, for a lawyer to confirm.)
 *
 * Every change is checked here and returns the new state or a typed refusal; the HTTP layer
 * answers a refusal with 409 and, for an illegal move, the allowed next states. Lateness on the
 * working-day steps is not a refusal (the law sets no sanction on the act): `dueSteps` gives the
 * dates to remind and to report as overdue. The time to decide is a refusal: a decision after
 * it is out of time, and the proceeding can only be closed.
 */
import type { Bilingual, DisciplineForm } from '@thads/contracts';
import { isoFromDay, startOfDay, type Day } from '@thads/rules';
import { recount, roundOne, roundTwo, type Round, type RoundSeal, type SealedRound } from './ballot';
import { personalConflict } from '@thads/org';
import {
  checkCouncil,
  canMeet,
  councilMembers,
  disciplinaryAuthority,
  type Council,
  type CouncilContext,
  type SeatProblem,
} from './council';
import { absenceRuling, type SubjectAttendance } from './due-process';
import { checkExclusion, type BreachClass, type DisciplineTimeLimits, type Exclusion, type Extension } from './limits';
import {
  checkForm,
  commonForms,
  FORM_LABELS,
  regimeFor,
  type EmploymentKind,
  type FormRefusalCode,
  type Position,
  type RegimeId,
} from './regime';

export const PROCEEDING_STATUSES = [
  'opened',
  'council_formed',
  'summoned',
  'met',
  'round_1',
  'round_2',
  'recommended',
  'decided',
  'appeal_lodged',
  'appeal_resolved',
  'referred_to_investigators',
  'closed_time_barred',
] as const;
export type ProceedingStatus = (typeof PROCEEDING_STATUSES)[number];

const BEFORE_DECISION: readonly ProceedingStatus[] = ['referred_to_investigators', 'closed_time_barred'];

const NEXT: Readonly<Record<ProceedingStatus, readonly ProceedingStatus[]>> = {
  opened: ['council_formed', ...BEFORE_DECISION],
  council_formed: ['summoned', ...BEFORE_DECISION],
  summoned: ['summoned', 'met', ...BEFORE_DECISION],
  met: ['round_1', ...BEFORE_DECISION],
  round_1: ['round_2', 'recommended', ...BEFORE_DECISION],
  round_2: ['round_2', 'recommended', ...BEFORE_DECISION],
  recommended: ['decided', ...BEFORE_DECISION],
  decided: ['appeal_lodged'],
  appeal_lodged: ['appeal_resolved'],
  appeal_resolved: [],
  referred_to_investigators: [],
  closed_time_barred: [],
};

export function allowedNext(status: ProceedingStatus): readonly ProceedingStatus[] {
  return NEXT[status];
}

/** No further step (a decision without appeal stays `decided` once the appeal period is over). */
export function isFinal(status: ProceedingStatus): boolean {
  return NEXT[status].length === 0;
}

export const CRIMINAL_SIGNS = ['embezzlement', 'bribe_taking', 'appropriation', 'criminal_negligence'] as const;
export type CriminalSign = (typeof CRIMINAL_SIGNS)[number];

export const CRIMINAL_SIGN_LABELS: Readonly<Record<CriminalSign, Bilingual>> = {
  embezzlement: { vi: 'Tham ô tài sản', en: 'Embezzlement' },
  bribe_taking: { vi: 'Nhận hối lộ', en: 'Bribe-taking' },
  appropriation: { vi: 'Lợi dụng chức vụ, quyền hạn chiếm đoạt tài sản', en: 'Appropriation through office' },
  criminal_negligence: {
    vi: 'Thiếu trách nhiệm gây hậu quả nghiêm trọng',
    en: 'Negligence causing serious consequences',
  },
};

export const APPEAL_RESULTS = ['upheld', 'changed', 'annulled'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];

/** A finding as referred for discipline, with what the limits need. */
export interface ReferredFinding {
  findingId: string;
  /** The day of the facts: it chooses the regime and starts the limitation period. */
  factsOn: Day;
  /** The day the breach was discovered: it starts the time to decide. */
  discoveredOn: Day;
  breachClass: BreachClass;
}

export interface Referral {
  officerId: string;
  findings: readonly ReferredFinding[];
}

export interface Subject {
  officerId: string;
  unitId: string;
  employment: EmploymentKind;
  /** At the time the form is chosen. */
  position: Position;
}

export type Outcome = { kind: 'disciplined'; form: DisciplineForm } | { kind: 'not_disciplined' };

export interface MeetingCall {
  summonedOn: Day;
  meetingOn: Day;
  /** Set once the meeting day has come: how the subject answered the call. */
  subject?: SubjectAttendance;
}

export interface HeldRound {
  roundId: string;
  question: RoundSeal['question'];
  outcome: RoundSeal['result']['outcome'];
  commitment: string;
}

export interface Proceeding {
  proceedingId: string;
  subject: Subject;
  status: ProceedingStatus;
  openedOn: Day;
  /** The findings judged here (within their limitation period). */
  findings: ReferredFinding[];
  /** Findings referred but past their limitation period: recorded, never judged. */
  timeBarred: { findingId: string; lastDay: Day; message: string }[];
  extension?: Extension;
  exclusions: Exclusion[];
  council?: Council;
  councilFormedOn?: Day;
  /** Everyone who ever sat on the council, replaced members included. */
  everSat: string[];
  calls: MeetingCall[];
  metOn?: Day;
  rounds: HeldRound[];
  recommendation?: { on: Day; outcome: Outcome };
  /**
   * `by`: the officer who decided (never the appeal's reviewer); `servedOn`: the day the subject
   * received the decision, from which the appeal period runs (`recordService`).
   */
  decision?: { on: Day; outcome: Outcome; reason?: string; by?: string; servedOn?: Day };
  /**
   * Lodged by the subject; the reviewer is designated afterwards by the authority above the
   * disciplining authority (`designateReviewer`), never by the subject.
   */
  appeal?: {
    lodgedOn: Day;
    reviewerId?: string;
    designatedBy?: string;
    designatedOn?: Day;
    resolvedOn?: Day;
    result?: AppealResult;
    form?: DisciplineForm;
  };
  investigators?: { on: Day; signs: CriminalSign[]; note: string };
  closure?: { on: Day; message: string };
}

/** What a transition must carry besides the target state. */
export type TransitionInput =
  | { to: 'council_formed'; on: Day; council: Council }
  | {
      to: 'summoned';
      on: Day;
      meetingOn: Day;
      /** When calling again: how the subject answered the last call. */
      previous?: Extract<SubjectAttendance, 'absent_with_valid_reason' | 'absent_without_valid_reason'>;
    }
  | { to: 'met'; on: Day; present: readonly string[]; subject: SubjectAttendance }
  /** The round as sealed (ballot.ts): it must recount to its own commitment. */
  | { to: 'round_1' | 'round_2'; sealed: SealedRound }
  | { to: 'recommended'; on: Day }
  | { to: 'decided'; on: Day; outcome: Outcome; reason?: string; by?: string }
  | { to: 'appeal_lodged'; on: Day }
  /** `by`: the officer resolving it, who must be the designated reviewer and still eligible. */
  | { to: 'appeal_resolved'; on: Day; by: string; result: 'upheld' | 'annulled' }
  | { to: 'appeal_resolved'; on: Day; by: string; result: 'changed'; form: DisciplineForm }
  | { to: 'referred_to_investigators'; on: Day; signs: readonly CriminalSign[]; note: string }
  | { to: 'closed_time_barred'; on: Day };

export type ProceedingRefusal =
  | { code: 'illegal_transition'; from: ProceedingStatus; to: ProceedingStatus; allowed: readonly ProceedingStatus[] }
  | { code: 'invalid_input'; field: string; message: string }
  | { code: 'council_invalid'; problems: SeatProblem[] }
  | { code: 'cannot_meet'; message: string; problems?: SeatProblem[] }
  | { code: 'summons_too_late'; earliest: Day; message: string }
  | { code: 'summon_again'; message: string }
  | { code: 'meet_without_subject'; message: string }
  | { code: 'not_joinable'; status: ProceedingStatus; message: string }
  | { code: 'round_mismatch'; message: string }
  | { code: 'vote_first'; message: string }
  | { code: FormRefusalCode; message: string }
  | { code: 'reason_required'; message: string }
  | { code: 'time_to_decide_passed'; dueOn: Day; message: string }
  | { code: 'time_not_run_out'; dueOn: Day; message: string }
  | { code: 'nothing_to_appeal'; message: string }
  | { code: 'appeal_out_of_time'; dueOn: Day; message: string }
  | { code: 'reviewer_conflicted'; message: string; problems?: ReviewerProblem[] }
  | { code: 'no_reviewer_yet'; message: string }
  | { code: 'not_the_reviewer'; reviewerId: string; message: string }
  | { code: 'reviewer_no_longer_eligible'; message: string; problems: ReviewerProblem[] }
  | { code: 'already_served'; servedOn: Day; message: string }
  | { code: 'already_extended' | 'deadline_passed' | 'ends_before_it_starts'; message: string };

export type Step = { ok: true; proceeding: Proceeding } | { ok: false; refusal: ProceedingRefusal };

export interface ProceedingContext {
  limits: DisciplineTimeLimits;
  /** The registry as it stands, for the council's checks. */
  org: CouncilContext;
}

const refuse = (refusal: ProceedingRefusal): Step => ({ ok: false, refusal });
const invalid = (field: string, message: string): Step => refuse({ code: 'invalid_input', field, message });

// ---- opening and joining --------------------------------------------------------------------

function limitationSplit(findings: readonly ReferredFinding[], openedOn: Day, limits: DisciplineTimeLimits) {
  const within: ReferredFinding[] = [];
  const barred: Proceeding['timeBarred'] = [];
  for (const f of findings) {
    const check = limits.limitationCheck(f.factsOn, f.breachClass, openedOn);
    if (check.ok) within.push({ ...f });
    else barred.push({ findingId: f.findingId, lastDay: check.lastDay, message: check.message });
  }
  return { within, barred };
}

/**
 * Opens a proceeding on a referral. The findings past their limitation period are recorded as
 * such; when none is left the proceeding is closed_time_barred from the start.
 */
export function openProceeding(
  proceedingId: string,
  subject: Subject,
  referral: Referral,
  openedOn: Day,
  limits: DisciplineTimeLimits,
):
  | { ok: true; proceeding: Proceeding }
  | { ok: false; refusal: { code: 'invalid_input'; field: string; message: string } } {
  if (referral.findings.length === 0)
    return { ok: false, refusal: { code: 'invalid_input', field: 'findings', message: 'a referral names a finding' } };
  if (referral.officerId !== subject.officerId)
    return {
      ok: false,
      refusal: { code: 'invalid_input', field: 'officerId', message: 'the referral is about another officer' },
    };
  const { within, barred } = limitationSplit(referral.findings, openedOn, limits);
  const base: Proceeding = {
    proceedingId,
    subject: { ...subject },
    status: 'opened',
    openedOn,
    findings: within,
    timeBarred: barred,
    exclusions: [],
    everSat: [],
    calls: [],
    rounds: [],
  };
  if (within.length > 0) return { ok: true, proceeding: base };
  return {
    ok: true,
    proceeding: {
      ...base,
      status: 'closed_time_barred',
      closure: { on: openedOn, message: barred.map((b) => b.message).join('; ') },
    },
  };
}

const JOINABLE: readonly ProceedingStatus[] = ['opened', 'council_formed', 'summoned'];
const HEARD_NOT_DECIDED: readonly ProceedingStatus[] = ['met', 'round_1', 'round_2', 'recommended'];

export type ReferralRoute =
  | { route: 'open_new' }
  | { route: 'join'; proceedingId: string }
  | { route: 'hold_until_decided'; proceedingId: string; reason: string };

/** Where a referral about an officer goes, given that officer's proceedings. */
export function routeReferral(proceedings: readonly Proceeding[], officerId: string): ReferralRoute {
  const mine = proceedings.filter((p) => p.subject.officerId === officerId);
  const joinable = mine.find((p) => JOINABLE.includes(p.status));
  if (joinable) return { route: 'join', proceedingId: joinable.proceedingId };
  const heard = mine.find((p) => HEARD_NOT_DECIDED.includes(p.status));
  if (heard)
    return {
      route: 'hold_until_decided',
      proceedingId: heard.proceedingId,
      reason:
        'the council has heard the subject on the other findings; the new ones open a proceeding after the decision',
    };
  return { route: 'open_new' };
}

/**
 * A later referral joins the open proceeding. A summoned proceeding goes back to
 * council_formed: the pending call is withdrawn and the subject is summoned again with the new
 * findings in hand.
 */
export function joinReferral(p: Proceeding, referral: Referral, on: Day, limits: DisciplineTimeLimits): Step {
  if (referral.officerId !== p.subject.officerId) return invalid('officerId', 'the referral is about another officer');
  if (!JOINABLE.includes(p.status))
    return refuse({
      code: 'not_joinable',
      status: p.status,
      message: `a ${p.status} proceeding takes no new findings (see routeReferral)`,
    });
  const known = new Set([...p.findings.map((f) => f.findingId), ...p.timeBarred.map((b) => b.findingId)]);
  const fresh = referral.findings.filter((f) => !known.has(f.findingId));
  // Limitation runs to the day the finding is added to the proceeding.
  const { within, barred } = limitationSplit(fresh, on, limits);
  const pendingCall = p.status === 'summoned' && within.length > 0;
  return {
    ok: true,
    proceeding: {
      ...p,
      findings: [...p.findings, ...within],
      timeBarred: [...p.timeBarred, ...barred],
      ...(pendingCall
        ? { status: 'council_formed' as const, calls: p.calls.filter((c) => c.subject !== undefined) }
        : {}),
    },
  };
}

// ---- what follows from the findings ---------------------------------------------------------

/** The regimes of the findings' facts (usually one). */
export function regimesOf(p: Proceeding): RegimeId[] {
  return [...new Set(p.findings.map((f) => regimeFor(p.subject.employment, f.factsOn)))];
}

/** The forms the council may vote on and the authority impose, lightest first. */
export function formsFor(p: Proceeding): DisciplineForm[] {
  return commonForms(regimesOf(p), p.subject.position);
}

/** The earliest facts (the `factsOn` of `proceeding.opened`). */
export function factsOn(p: Proceeding): Day | undefined {
  const days = p.findings.map((f) => f.factsOn);
  return days.length === 0 ? undefined : Math.min(...days);
}

/**
 * The time to decide runs from the earliest discovery among the findings judged here (a joined
 * finding does not restart it). A proceeding without findings (time-barred at the opening)
 * counts from the opening.
 */
export function discoveredOn(p: Proceeding): Day {
  return p.findings.length === 0 ? p.openedOn : Math.min(...p.findings.map((f) => f.discoveredOn));
}

export function decisionDueOn(p: Proceeding, limits: DisciplineTimeLimits): Day {
  return limits.decisionDeadline(discoveredOn(p), p.extension, p.exclusions).dueOn;
}

const OPEN_TO_TIME_CHANGES: readonly ProceedingStatus[] = [
  'opened',
  'council_formed',
  'summoned',
  ...HEARD_NOT_DECIDED,
];

/**
 * What the proceeding's state says against a change to its time to decide on `on`, whatever the
 * request carries: decided already (no time to decide any more); for an extension, one granted
 * already or the time run out.
 */
export function timeChangeRefusal(
  p: Proceeding,
  change: 'extension' | 'exclusion',
  on: Day,
  limits: DisciplineTimeLimits,
): ProceedingRefusal | undefined {
  if (!OPEN_TO_TIME_CHANGES.includes(p.status))
    return { code: 'invalid_input', field: 'status', message: `a ${p.status} proceeding has no time to decide` };
  if (change === 'exclusion') return undefined;
  const barred = limits.extensionBarred(discoveredOn(p), p.extension, on, p.exclusions);
  return barred && { code: barred.code, message: barred.message };
}

/** The one extension of the time to decide (to 150 days), with its reason. */
export function extendTimeToDecide(p: Proceeding, request: Extension, limits: DisciplineTimeLimits): Step {
  const before = timeChangeRefusal(p, 'extension', request.grantedOn, limits);
  if (before) return refuse(before);
  const check = limits.checkExtension(discoveredOn(p), p.extension, request, p.exclusions);
  if (!check.ok) return refuse({ code: check.code, message: check.message });
  return { ok: true, proceeding: { ...p, extension: { ...request } } };
}

/**
 * A period that does not count towards the time to decide (illness, pregnancy, prosecution). A
 * period that starts after the time to decide has run out cannot suspend it: recording one would
 * revive an expired deadline.
 */
export function recordExclusion(p: Proceeding, exclusion: Exclusion, limits: DisciplineTimeLimits): Step {
  const before = timeChangeRefusal(p, 'exclusion', exclusion.from, limits);
  if (before) return refuse(before);
  const check = checkExclusion(exclusion);
  if (!check.ok) return refuse({ code: check.code, message: check.message });
  const dueOn = decisionDueOn(p, limits);
  if (exclusion.from > dueOn)
    return refuse({
      code: 'deadline_passed',
      message: `the time to decide ran out on ${isoFromDay(dueOn)}: a period starting on ${isoFromDay(exclusion.from)} cannot suspend it`,
    });
  return { ok: true, proceeding: { ...p, exclusions: [...p.exclusions, { ...exclusion }] } };
}

/** The council is recomposed (checked again) between its formation and the meeting only. */
export function reseatRefusal(p: Proceeding): ProceedingRefusal | undefined {
  return p.status === 'council_formed' || p.status === 'summoned'
    ? undefined
    : {
        code: 'invalid_input',
        field: 'status',
        message: 'the council is recomposed between its formation and the meeting',
      };
}

/**
 * A new composition of a formed council (a member recused since): valid against the registry
 * now, before the meeting only.
 */
export function reseatCouncil(p: Proceeding, council: Council, org: CouncilContext): Step {
  const before = reseatRefusal(p);
  if (before) return refuse(before);
  const check = checkCouncil(council, org);
  if (!check.ok) return refuse({ code: 'council_invalid', problems: check.problems });
  return {
    ok: true,
    proceeding: { ...p, council, everSat: [...new Set([...p.everSat, ...councilMembers(council)])] },
  };
}

// ---- the appeal -------------------------------------------------------------------------------

/**
 * The last day to appeal: 15 days from the day the subject received the decision; undefined
 * while it is not served (or there is nothing to appeal).
 */
export function appealDueOn(p: Proceeding, limits: DisciplineTimeLimits): Day | undefined {
  const d = p.decision;
  if (d?.outcome.kind !== 'disciplined' || d.servedOn === undefined) return undefined;
  return limits.appealDueBy(d.servedOn);
}

/** What the proceeding's state says against recording the service of its decision, whatever the day. */
export function serviceRefusal(p: Proceeding): ProceedingRefusal | undefined {
  const d = p.decision;
  if (p.status !== 'decided' || d === undefined)
    return {
      code: 'invalid_input',
      field: 'status',
      message: 'a decision is served between the decision and the appeal',
    };
  if (d.outcome.kind !== 'disciplined')
    return { code: 'nothing_to_appeal', message: 'only a decision that disciplines is served for appeal' };
  if (d.servedOn !== undefined)
    return {
      code: 'already_served',
      servedOn: d.servedOn,
      message: `the decision was served on ${isoFromDay(d.servedOn)}`,
    };
  return undefined;
}

/**
 * Records the day the subject received a decision that disciplines (served in person, by post
 * with a receipt…): the appeal period runs from it. Once only, not before the decision and not
 * after today.
 */
export function recordService(p: Proceeding, servedOn: Day, today: Day): Step {
  const before = serviceRefusal(p);
  if (before) return refuse(before);
  const d = p.decision!;
  if (servedOn < d.on) return invalid('servedOn', `the decision was taken on ${isoFromDay(d.on)}`);
  if (servedOn > today) return invalid('servedOn', 'a day of service is not in the future');
  return { ok: true, proceeding: { ...p, decision: { ...d, servedOn } } };
}

export type ReviewerProblem =
  | { code: 'no_appeal_authority'; message: string }
  | {
      code:
        | 'unknown_officer'
        | 'is_subject'
        | 'not_of_appeal_authority'
        | 'sat_on_council'
        | 'decided'
        | 'worked_the_matter'
        | 'declared_relation';
      officerId: string;
      message: string;
    };

/**
 * The unit whose head or deputy designates the appeal's reviewer among its own officers:
 * `above`, the parent of the disciplining authority; `issuer`, the disciplining authority itself
 * when the registry has nothing above it (a province office's own decisions).
 */
export type AppealAuthority = { ok: true; unitId: string; basis: 'above' | 'issuer' } | { ok: false; message: string };

/**
 * Who handles an appeal against the decision. The Law on Complaints 2011 (art. 51) gives a first
 * complaint against a discipline decision to the head of the body that issued it, and a second
 * one to the body above. Here the authority above designates the reviewer wherever the registry
 * has one — the decider does not judge their own decision, and the reviewer sits outside the
 * subject's unit; at the top of the registry (its superior, the national department, is not in
 * a province's registry) the issuing authority itself designates, as the law's first step, among
 * its officers who neither sat on the council nor decided. Assumptions for a lawyer to confirm
 * (services/discipline/README.md).
 */
export function appealAuthority(org: CouncilContext): AppealAuthority {
  const authority = disciplinaryAuthority(org.subject, org.tree);
  if (!authority.ok) return { ok: false, message: authority.message };
  const parent = org.tree.chainAbove(authority.unitId)[1];
  if (parent === undefined) return { ok: true, unitId: authority.unitId, basis: 'issuer' };
  return { ok: true, unitId: parent, basis: 'above' };
}

/**
 * Why `reviewerId` may not review the appeal (nothing: an empty list), against the registry of
 * the day: an officer of the appeal authority, not the subject, not related to them, never on
 * the council, not the decider, not one who worked the findings.
 */
export function reviewerProblems(p: Proceeding, reviewerId: string, org: CouncilContext): ReviewerProblem[] {
  const out: ReviewerProblem[] = [];
  const authority = appealAuthority(org);
  if (!authority.ok) out.push({ code: 'no_appeal_authority', message: authority.message });
  const reviewer = org.officers.find((o) => o.officerId === reviewerId);
  const problem = (code: Exclude<ReviewerProblem['code'], 'no_appeal_authority'>, message: string) =>
    out.push({ code, officerId: reviewerId, message });
  if (reviewer === undefined) {
    problem('unknown_officer', `${reviewerId} is not an officer of the registry`);
    return out;
  }
  if (reviewerId === p.subject.officerId) {
    problem('is_subject', 'the subject does not review their own appeal');
    return out;
  }
  if (authority.ok && reviewer.unitId !== authority.unitId)
    problem(
      'not_of_appeal_authority',
      `${reviewerId} is not an officer of ${authority.unitId}, the authority that handles the appeal`,
    );
  if (p.everSat.includes(reviewerId)) problem('sat_on_council', `${reviewerId} sat on the discipline council`);
  if (p.decision?.by === reviewerId) problem('decided', `${reviewerId} took the decision under appeal`);
  if (org.workedTheMatter.includes(reviewerId)) problem('worked_the_matter', `${reviewerId} worked the findings`);
  const conflict = personalConflict(
    { officerId: reviewerId, unitId: reviewer.unitId },
    { officerId: p.subject.officerId, unitId: p.subject.unitId },
    new Map(org.officers.map((o) => [o.officerId, o.relatedPartyIds])),
  );
  if (conflict !== undefined) problem('declared_relation', `${reviewerId} ${conflict}`);
  return out;
}

/** A reviewer is designated (or replaced) while an appeal is lodged and not resolved. */
export function designationRefusal(p: Proceeding): ProceedingRefusal | undefined {
  return p.status === 'appeal_lodged' && p.appeal !== undefined
    ? undefined
    : { code: 'invalid_input', field: 'status', message: 'a reviewer is designated for a lodged appeal' };
}

/**
 * The authority above designates the appeal's reviewer (`by`: its head or deputy, checked by
 * the caller), or a replacement when the one designated is no longer eligible. The appeal's
 * own deadline still runs from the day it was lodged.
 */
export function designateReviewer(
  p: Proceeding,
  d: { reviewerId: string; by: string; on: Day },
  org: CouncilContext,
): Step {
  const before = designationRefusal(p);
  if (before) return refuse(before);
  const appeal = p.appeal!;
  const problems = reviewerProblems(p, d.reviewerId, org);
  if (problems.length > 0)
    return refuse({ code: 'reviewer_conflicted', message: problems.map((x) => x.message).join('; '), problems });
  return {
    ok: true,
    proceeding: { ...p, appeal: { ...appeal, reviewerId: d.reviewerId, designatedBy: d.by, designatedOn: d.on } },
  };
}

// ---- transitions ----------------------------------------------------------------------------

function sameMembers(seal: RoundSeal, council: Council | undefined): boolean {
  const members = council === undefined ? [] : councilMembers(council).sort();
  return seal.members.length === members.length && seal.members.every((m, i) => m === members[i]);
}

function outcomeLabel(o: Outcome): string {
  return o.kind === 'disciplined' ? FORM_LABELS[o.form].en : 'no discipline';
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.kind === b.kind && (a.kind === 'not_disciplined' || (b.kind === 'disciplined' && a.form === b.form));
}

function checkFormFor(p: Proceeding, form: DisciplineForm): ProceedingRefusal | undefined {
  for (const regime of regimesOf(p)) {
    const check = checkForm(regime, p.subject.position, form);
    if (!check.ok) return { code: check.code, message: check.message.en };
  }
  return undefined;
}

/** The states a user's step leads to (the rounds are sealed by the ballot, the closure by the clock). */
export type StepTarget = Exclude<ProceedingStatus, 'round_1' | 'round_2' | 'opened'>;

/**
 * What the proceeding's state says against a step to `to` taken on `on`, whatever the step
 * carries: the transitions allowed from its status and the checks that need nothing from the
 * request (the meeting's day, the rounds voted, the time to decide, the appeal period, the
 * reviewer designated and still eligible). `transition` starts with it; the service asks it to
 * tell a caller which steps they may take now (services/discipline/src/proceedings/step-rules.ts).
 */
export function stepRefusal(
  p: Proceeding,
  to: ProceedingStatus,
  on: Day | undefined,
  ctx: ProceedingContext,
): ProceedingRefusal | undefined {
  if (!NEXT[p.status].includes(to)) return { code: 'illegal_transition', from: p.status, to, allowed: NEXT[p.status] };
  const { limits } = ctx;
  switch (to) {
    case 'met': {
      const last = p.calls.at(-1);
      if (last === undefined)
        return { code: 'invalid_input', field: 'calls', message: 'the subject was never summoned' };
      if (on !== undefined && on !== last.meetingOn)
        return {
          code: 'invalid_input',
          field: 'on',
          message: `the subject was summoned for ${isoFromDay(last.meetingOn)}`,
        };
      if (p.council === undefined) return { code: 'cannot_meet', message: 'there is no council' };
      // Every seat still valid on today's registry (`canMeet` checks the same, with who is present).
      const seats = checkCouncil(p.council, ctx.org);
      if (!seats.ok) return { code: 'cannot_meet', message: 'the council is not complete', problems: seats.problems };
      return undefined;
    }
    case 'recommended': {
      const last = p.rounds.at(-1);
      if (last?.outcome === 'no_discipline') return undefined;
      if (last?.question === 'form' && last.outcome !== 'no_majority' && last.outcome !== 'discipline')
        return undefined;
      return {
        code: 'vote_first',
        message:
          last?.outcome === 'no_majority'
            ? 'no form had a majority: the council votes round 2 again'
            : 'round 1 said discipline: the council votes on the form first',
      };
    }
    case 'decided': {
      const dueOn = decisionDueOn(p, limits);
      if (on !== undefined && on > dueOn)
        return { code: 'time_to_decide_passed', dueOn, message: `the time to decide ran out on ${isoFromDay(dueOn)}` };
      return undefined;
    }
    case 'appeal_lodged': {
      if (p.decision?.outcome.kind !== 'disciplined')
        return { code: 'nothing_to_appeal', message: 'only a decision that disciplines is appealed' };
      // The period runs from the service of the decision. Not served yet: the subject who appeals
      // has the decision in hand, and a period that has not started cannot have run out.
      const dueOn = appealDueOn(p, limits);
      if (dueOn !== undefined && on !== undefined && on > dueOn)
        return { code: 'appeal_out_of_time', dueOn, message: `the appeal period ended on ${isoFromDay(dueOn)}` };
      return undefined;
    }
    case 'appeal_resolved': {
      const appeal = p.appeal;
      if (p.decision?.outcome.kind !== 'disciplined' || appeal === undefined)
        return { code: 'invalid_input', field: 'appeal', message: 'no appeal is pending' };
      if (appeal.reviewerId === undefined)
        return { code: 'no_reviewer_yet', message: 'the authority above has not designated a reviewer yet' };
      // Eligibility is judged again now: a relation declared or a move since the designation
      // takes the appeal from the reviewer (the authority above designates another).
      return reviewerStillEligible(p, ctx.org);
    }
    case 'closed_time_barred': {
      const dueOn = decisionDueOn(p, limits);
      if (on !== undefined && on <= dueOn)
        return { code: 'time_not_run_out', dueOn, message: `the time to decide runs until ${isoFromDay(dueOn)}` };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether the appeal's designated reviewer is still eligible, judged again on the registry of
 * the day: a relation declared or a move since the designation takes the appeal from them (the
 * authority above designates another).
 */
export function reviewerStillEligible(p: Proceeding, org: CouncilContext): ProceedingRefusal | undefined {
  const reviewerId = p.appeal?.reviewerId;
  if (reviewerId === undefined) return undefined;
  const problems = reviewerProblems(p, reviewerId, org);
  if (problems.length === 0) return undefined;
  return { code: 'reviewer_no_longer_eligible', message: problems.map((x) => x.message).join('; '), problems };
}

/** Applies one step to a proceeding, or says why it may not be taken. */
export function transition(p: Proceeding, input: TransitionInput, ctx: ProceedingContext): Step {
  const before = stepRefusal(p, input.to, 'on' in input ? input.on : undefined, ctx);
  if (before) return refuse(before);
  const { limits } = ctx;
  switch (input.to) {
    case 'council_formed': {
      if (ctx.org.subject.officerId !== p.subject.officerId)
        return invalid('org', 'the registry context is about another officer');
      const check = checkCouncil(input.council, ctx.org);
      if (!check.ok) return refuse({ code: 'council_invalid', problems: check.problems });
      return {
        ok: true,
        proceeding: {
          ...p,
          status: 'council_formed',
          council: { ...input.council },
          councilFormedOn: input.on,
          everSat: [...new Set([...p.everSat, ...councilMembers(input.council)])],
        },
      };
    }
    case 'summoned': {
      const calls = [...p.calls];
      const last = calls.at(-1);
      if (p.status === 'summoned') {
        if (last === undefined || input.previous === undefined)
          return invalid('previous', 'a new call says how the subject answered the last one');
        calls[calls.length - 1] = { ...last, subject: input.previous };
        const ruling = absenceRuling(calls.map((c) => c.subject ?? 'present'));
        if (ruling.proceed)
          return refuse({
            code: 'meet_without_subject',
            message: 'after a second absence without a valid reason the council meets without the subject',
          });
      }
      const check = limits.checkMeetingDay(input.on, input.meetingOn);
      if (!check.ok) return refuse({ code: 'summons_too_late', earliest: check.earliest, message: check.message });
      return {
        ok: true,
        proceeding: {
          ...p,
          status: 'summoned',
          calls: [...calls, { summonedOn: input.on, meetingOn: input.meetingOn }],
        },
      };
    }
    case 'met': {
      // Summoned for today, with a council (stepRefusal).
      const last = p.calls.at(-1)!;
      if (p.council === undefined) return refuse({ code: 'cannot_meet', message: 'there is no council' });
      const meeting = canMeet(p.council, input.present, ctx.org);
      if (!meeting.ok)
        return refuse(
          meeting.code === 'member_absent'
            ? { code: 'cannot_meet', message: `the council meets only complete; absent: ${meeting.absent.join(', ')}` }
            : { code: 'cannot_meet', message: 'the council is not complete', problems: meeting.problems },
        );
      const calls = [...p.calls.slice(0, -1), { ...last, subject: input.subject }];
      const ruling = absenceRuling(calls.map((c) => c.subject ?? 'present'));
      if (!ruling.proceed) return refuse({ code: 'summon_again', message: ruling.reason });
      return { ok: true, proceeding: { ...p, status: 'met', calls, metOn: input.on } };
    }
    case 'round_1':
    case 'round_2': {
      const { seal } = input.sealed;
      const counted = recount(input.sealed, seal.commitment);
      if (!counted.ok)
        return refuse({
          code: 'round_mismatch',
          message: `the sealed round does not recount: ${counted.problems.map((x) => x.code).join(', ')}`,
        });
      const question = input.to === 'round_1' ? 'discipline' : 'form';
      if (seal.question !== question)
        return refuse({ code: 'round_mismatch', message: `${input.to} votes on the question "${question}"` });
      if (!sameMembers(seal, p.council))
        return refuse({ code: 'round_mismatch', message: 'the round was not voted by the sitting council' });
      if (p.rounds.some((r) => r.roundId === seal.roundId))
        return refuse({ code: 'round_mismatch', message: `round ${seal.roundId} is already recorded` });
      if (input.to === 'round_2') {
        const previous = p.rounds.at(-1);
        const mayVote =
          (p.status === 'round_1' && previous?.outcome === 'discipline') ||
          (p.status === 'round_2' && previous?.outcome === 'no_majority');
        if (!mayVote)
          return refuse({
            code: 'vote_first',
            message: 'the form is voted after round 1 says discipline, again only when no form had a majority',
          });
        const allowed = formsFor(p);
        const offered = seal.choices.filter((c) => c !== 'abstain');
        if (offered.length !== allowed.length || offered.some((c) => !allowed.some((f) => f === c)))
          return refuse({
            code: 'round_mismatch',
            message: `round 2 offers exactly the allowed forms: ${allowed.join(', ')}`,
          });
      }
      const held: HeldRound = {
        roundId: seal.roundId,
        question: seal.question,
        outcome: seal.result.outcome,
        commitment: seal.commitment,
      };
      return { ok: true, proceeding: { ...p, status: input.to, rounds: [...p.rounds, held] } };
    }
    case 'recommended': {
      // The rounds have decided (stepRefusal): no discipline, or the form round 2 chose.
      const last = p.rounds.at(-1)!;
      const outcome: Outcome =
        last.outcome === 'no_discipline'
          ? { kind: 'not_disciplined' }
          : { kind: 'disciplined', form: last.outcome as DisciplineForm };
      return { ok: true, proceeding: { ...p, status: 'recommended', recommendation: { on: input.on, outcome } } };
    }
    case 'decided': {
      // Within the time to decide (stepRefusal).
      if (input.outcome.kind === 'disciplined') {
        const bad = checkFormFor(p, input.outcome.form);
        if (bad) return refuse(bad);
      }
      const recommended = p.recommendation?.outcome;
      const reason = input.reason?.trim();
      if (recommended !== undefined && !sameOutcome(recommended, input.outcome) && !reason)
        return refuse({
          code: 'reason_required',
          message: `the council recommended ${outcomeLabel(recommended)}: a different decision states its reason`,
        });
      const decision = {
        on: input.on,
        outcome: input.outcome,
        ...(reason ? { reason } : {}),
        ...(input.by === undefined ? {} : { by: input.by }),
      };
      return { ok: true, proceeding: { ...p, status: 'decided', decision } };
    }
    case 'appeal_lodged': {
      // A decision that disciplines, within the appeal period (stepRefusal).
      return { ok: true, proceeding: { ...p, status: 'appeal_lodged', appeal: { lodgedOn: input.on } } };
    }
    case 'appeal_resolved': {
      // An appeal pending, its reviewer designated and still eligible (stepRefusal).
      const appeal = p.appeal!;
      const reviewerId = appeal.reviewerId!;
      const decided = p.decision?.outcome;
      if (input.by !== reviewerId)
        return refuse({ code: 'not_the_reviewer', reviewerId, message: `the appeal is reviewed by ${reviewerId}` });
      if (input.result === 'changed') {
        if (decided?.kind === 'disciplined' && input.form === decided.form)
          return invalid('form', 'a changed decision imposes another form; the same one is upheld');
        const bad = checkFormFor(p, input.form);
        if (bad) return refuse(bad);
      }
      return {
        ok: true,
        proceeding: {
          ...p,
          status: 'appeal_resolved',
          appeal: {
            ...appeal,
            resolvedOn: input.on,
            result: input.result,
            ...(input.result === 'changed' ? { form: input.form } : {}),
          },
        },
      };
    }
    case 'referred_to_investigators': {
      const signs = [...new Set(input.signs)];
      if (signs.length === 0 || signs.some((s) => !CRIMINAL_SIGNS.includes(s)))
        return invalid('signs', `one or more of ${CRIMINAL_SIGNS.join(', ')}`);
      if (!input.note.trim()) return invalid('note', 'say what the signs of a crime are');
      return {
        ok: true,
        proceeding: {
          ...p,
          status: 'referred_to_investigators',
          investigators: { on: input.on, signs, note: input.note.trim() },
        },
      };
    }
    case 'closed_time_barred': {
      // The time to decide has run out (stepRefusal).
      const dueOn = decisionDueOn(p, limits);
      return {
        ok: true,
        proceeding: {
          ...p,
          status: 'closed_time_barred',
          closure: { on: input.on, message: `the time to decide ran out on ${isoFromDay(dueOn)}` },
        },
      };
    }
  }
}

// ---- deadlines for reminders and overdue reports --------------------------------------------

export const STEPS = [
  'form_council',
  'hold_meeting',
  'recommend',
  'decide_after_recommendation',
  'decide',
  'appeal_period',
  'resolve_appeal',
] as const;
export type StepName = (typeof STEPS)[number];

export interface DueStep {
  step: StepName;
  dueOn: Day;
  /** The last working day before: when the service reminds whoever owns the step. */
  remindOn: Day;
}

/**
 * The time limits running in the proceeding's current state, for the reminder jobs and the
 * `proceeding.overdue` events. The time to decide runs in every state before the decision.
 */
export function dueSteps(p: Proceeding, limits: DisciplineTimeLimits): DueStep[] {
  const out: { step: StepName; dueOn: Day }[] = [];
  const lastCall = p.calls.at(-1);
  switch (p.status) {
    case 'opened':
      out.push({ step: 'form_council', dueOn: limits.councilDueBy(p.openedOn) });
      break;
    case 'summoned':
      if (lastCall) out.push({ step: 'hold_meeting', dueOn: lastCall.meetingOn });
      break;
    case 'met':
    case 'round_1':
    case 'round_2':
      if (p.metOn !== undefined) out.push({ step: 'recommend', dueOn: limits.recommendationDueBy(p.metOn) });
      break;
    case 'recommended':
      if (p.recommendation)
        out.push({
          step: 'decide_after_recommendation',
          dueOn: limits.decisionDueAfterRecommendation(p.recommendation.on),
        });
      break;
    case 'decided': {
      // The appeal period runs once the decision is served.
      const appealBy = appealDueOn(p, limits);
      if (appealBy !== undefined) out.push({ step: 'appeal_period', dueOn: appealBy });
      break;
    }
    case 'appeal_lodged':
      if (p.appeal) out.push({ step: 'resolve_appeal', dueOn: limits.appealReviewDueBy(p.appeal.lodgedOn) });
      break;
    case 'council_formed':
    case 'appeal_resolved':
    case 'referred_to_investigators':
    case 'closed_time_barred':
      break;
  }
  if (OPEN_TO_TIME_CHANGES.includes(p.status)) out.push({ step: 'decide', dueOn: decisionDueOn(p, limits) });
  return out.map((s) => ({ ...s, remindOn: limits.reminderDay(s.dueOn) }));
}

// ---- the ballot's rounds ------------------------------------------------------------------------

/** The round the council votes next, if any: round 1 once met; round 2 after a round 1 for discipline, or after a round 2 without a majority. */
export function nextRound(p: Proceeding): { number: 1 | 2; round: Round } | undefined {
  const members = p.council ? councilMembers(p.council) : [];
  const roundId = `${p.proceedingId}-r${p.rounds.length + 1}`;
  const last = p.rounds.at(-1);
  if (p.status === 'met') return { number: 1, round: roundOne(roundId, members) };
  if (
    (p.status === 'round_1' && last?.outcome === 'discipline') ||
    (p.status === 'round_2' && last?.outcome === 'no_majority')
  )
    return { number: 2, round: roundTwo(roundId, members, formsFor(p)) };
  return undefined;
}

/**
 * When the meeting the subject was called to starts (its day, in Vietnam, epoch ms), or 0 once
 * the council has met; undefined while no meeting is called. The subject's response counts
 * before it (`checkSubmission`).
 */
export function startOfMeeting(p: Proceeding): number | undefined {
  if (p.metOn !== undefined || !['opened', 'council_formed', 'summoned'].includes(p.status)) return 0;
  const call = p.status === 'summoned' ? p.calls.at(-1) : undefined;
  return call === undefined ? undefined : startOfDay(call.meetingOn);
}
