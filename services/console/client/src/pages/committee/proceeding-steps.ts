import type { paths } from '../../api/generated/discipline';
import { vietnamDay } from '../../lib/format';

/**
 * Which forms the proceeding page offers whom, and how its time limits read. The discipline
 * service decides who may act: the proceeding's answer lists the steps the viewer may take now
 * (`allowedSteps`, computed by the rules its step endpoints apply — services/discipline/src/
 * proceedings/step-rules.ts), and the page offers exactly those. Pure, unit-tested.
 */

export type Proceeding =
  paths['/api/discipline/proceedings/{id}']['get']['responses']['200']['content']['application/json'];
export type ProceedingStatus = Proceeding['status'];

export interface Viewer {
  officerId?: string;
  unitId: string;
  roles: readonly string[];
}

/** A step the service may list; `vote` is taken in the ballot tab, the others through their form. */
export type AllowedStep = Proceeding['allowedSteps'][number];
export type StepKind = Exclude<AllowedStep, 'vote'>;

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

/** The steps the page offers as forms, in the order of the procedure: those the service lists for the viewer. */
export function stepsFor(p: Pick<Proceeding, 'allowedSteps'>): StepKind[] {
  return p.allowedSteps.filter((s): s is StepKind => s !== 'vote');
}

/** Whether the viewer may vote now: a member of the council while a round is open (the service says). */
export function mayVote(p: Pick<Proceeding, 'allowedSteps'>): boolean {
  return p.allowedSteps.includes('vote');
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
