import type { paths } from '../../api/generated/discipline';
import { vietnamDay } from '../../lib/format';

/**
 * Which forms the proceeding page offers whom, and how its time limits read. The discipline
 * service decides who may act (services/discipline/src/proceedings/proceeding-access.ts): this
 * only keeps the page to the steps the proceeding's state allows and the viewer's part in it
 * can take, so a member does not face buttons that can only be refused. Where the page cannot
 * know (whether the viewer heads the disciplining authority is in the registry, not the
 * session), it offers the step to the role and shows the service's refusal. Pure, unit-tested.
 */

export type Proceeding =
  paths['/api/discipline/proceedings/{id}']['get']['responses']['200']['content']['application/json'];
export type ProceedingStatus = Proceeding['status'];

export interface Viewer {
  officerId?: string;
  unitId: string;
  roles: readonly string[];
}

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
  // the subject
  'respond',
  'appeal',
  // the authority above
  'designateReviewer',
  // the appeal's reviewer
  'resolveAppeal',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Before a decision: the time to decide runs, and the authority may still refer to investigators. */
const BEFORE_DECISION: readonly ProceedingStatus[] = [
  'opened',
  'council_formed',
  'summoned',
  'met',
  'round_1',
  'round_2',
  'recommended',
];

/** The officer ids on the council, chair first. */
export function councilIds(p: Pick<Proceeding, 'council'>): string[] {
  const c = p.council;
  return [c?.chair?.officerId, c?.member_1?.officerId, c?.member_2?.officerId].filter(
    (x): x is string => x !== undefined,
  );
}

export function isCouncilMember(p: Pick<Proceeding, 'council'>, viewer: Viewer): boolean {
  return viewer.officerId !== undefined && councilIds(p).includes(viewer.officerId);
}

/**
 * Whether the council votes a round now (ballot.service.ts `nextRound`): round 1 once met;
 * round 2 after round 1 said discipline, and again after a round 2 without a majority.
 */
export function roundDue(p: Pick<Proceeding, 'status' | 'rounds'>): 1 | 2 | undefined {
  const last = p.rounds.at(-1);
  if (p.status === 'met') return 1;
  if (p.status === 'round_1' && last?.outcome === 'discipline') return 2;
  if (p.status === 'round_2' && last?.outcome === 'no_majority') return 2;
  return undefined;
}

/** The steps the viewer may be asked to take now, in the order of the procedure. */
export function stepsFor(p: Proceeding, viewer: Viewer): StepKind[] {
  const steps: StepKind[] = [];
  const me = viewer.officerId;
  const subject = me !== undefined && me === p.subject.officerId;
  const chairOfCouncil = me !== undefined && me === p.council?.chair?.officerId;
  // The authority's leaders hold the committee_chair role in the authority's unit; the service
  // checks the registry (head or deputy head) and refuses anyone else with NOT_THE_AUTHORITY.
  const authority = !subject && viewer.roles.includes('committee_chair') && viewer.unitId === p.authorityUnitId;
  const before = BEFORE_DECISION.includes(p.status);
  const allowed = (s: ProceedingStatus) => p.allowedNext.includes(s);

  if (authority && p.status === 'opened') steps.push('formCouncil');
  if (authority && (p.status === 'council_formed' || p.status === 'summoned')) steps.push('recheckCouncil');
  if (chairOfCouncil && allowed('summoned')) steps.push('summon');
  if (chairOfCouncil && p.status === 'summoned') steps.push('meet');
  if (chairOfCouncil && roundDue(p) !== undefined) steps.push('openRound');
  if (chairOfCouncil && allowed('recommended') && roundDue(p) === undefined) steps.push('recommend');
  if (authority && p.status === 'recommended') steps.push('decide');
  if (authority && p.decision && p.decision.servedOn === undefined && p.status === 'decided') steps.push('serve');
  if (authority && before) {
    if (p.limits.extension === undefined) steps.push('extend');
    steps.push('exclude', 'investigators');
  }
  if (subject && p.metOn === undefined && ['opened', 'council_formed', 'summoned'].includes(p.status))
    steps.push('respond');
  if (subject && p.status === 'decided' && p.decision?.outcome === 'disciplined') steps.push('appeal');
  if (
    !subject &&
    p.status === 'appeal_lodged' &&
    p.appeal?.result === undefined &&
    (viewer.roles.includes('leadership') || viewer.roles.includes('committee_chair')) &&
    !(chairOfCouncil || viewer.unitId === p.authorityUnitId)
  )
    steps.push('designateReviewer');
  if (me !== undefined && p.status === 'appeal_lodged' && p.appeal?.reviewerId === me) steps.push('resolveAppeal');
  return steps;
}

export type DayCount = { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number };

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/**
 * Calendar days from today (in Vietnam) to a due day: the time to decide is counted in calendar
 * days (90, or 150 once extended), unlike the council's working-day steps.
 */
export function daysUntil(dueDay: string, now: Date = new Date()): DayCount {
  const n = dayNumber(dueDay.slice(0, 10)) - dayNumber(vietnamDay(now));
  if (n === 0) return { kind: 'today' };
  return n > 0 ? { kind: 'left', days: n } : { kind: 'overdue', days: -n };
}

/** A proceeding whose time to decide no longer runs (decided, referred, closed). */
export function decisionPending(status: ProceedingStatus): boolean {
  return BEFORE_DECISION.includes(status);
}
