/**
 * The discipline council (Hội đồng kỷ luật): three members, chaired by the head or a deputy
 * head of the disciplining authority, none of them concerned by the matter (DOMAIN.md,
 * Discipline). Pure functions over the officer registry as plain records.
 *
 * Recusal grounds, each with its code:
 * - `is_subject`: the officer under discipline;
 * - `chain_of_command`: a head or deputy head of the subject's unit or of a unit above it. The
 *   chair's seat is the exception, and only for the authority's own head and deputies: the law
 *   gives them that seat, and without the exception no council could ever be chaired (the
 *   authority always sits in the subject's chain). Everyone else in the chain is out, so a
 *   superior who may share responsibility for the breach, or a deputy who reports to a subject
 *   who is head, never votes;
 * - `worked_the_matter`: anyone who worked the findings or the inspection;
 * - `declared_relation`: a relation declared in the registry in either direction.
 *
 * The disciplining authority is the subject's unit, or its parent when the subject is the head
 * of that unit. Assumption: a deputy head is disciplined by their own unit, as the issue says,
 * although in practice a deputy's appointing authority may be the unit above.
 */
import { personalConflict, type Officer, type UnitTree } from '@thads/org';
import type { Bilingual } from '@thads/contracts';
import { MANAGERIAL_ROLES } from './regime';

export const SEATS = ['chair', 'member_1', 'member_2'] as const;
export type Seat = (typeof SEATS)[number];

/** The seat as `council.formed` names it. */
export function seatKind(seat: Seat): 'chair' | 'member' {
  return seat === 'chair' ? 'chair' : 'member';
}

/** Who sits in each seat (undefined: vacant). */
export type Council = Readonly<Record<Seat, string | undefined>>;

export const EMPTY_COUNCIL: Council = { chair: undefined, member_1: undefined, member_2: undefined };

export type OfficerRecord = Pick<Officer, 'officerId' | 'unitId' | 'role' | 'relatedPartyIds'>;

export interface CouncilContext {
  subject: OfficerRecord;
  /** The officer registry as it stands now. */
  officers: readonly OfficerRecord[];
  tree: UnitTree;
  /** Officer ids of everyone who worked the findings or the inspection. */
  workedTheMatter: readonly string[];
}

export const RECUSAL_GROUNDS = ['is_subject', 'chain_of_command', 'worked_the_matter', 'declared_relation'] as const;
export type RecusalGround = (typeof RECUSAL_GROUNDS)[number];

export const RECUSAL_LABELS: Readonly<Record<RecusalGround, Bilingual>> = {
  is_subject: { vi: 'Là người bị xem xét kỷ luật', en: 'Is the subject of the proceeding' },
  chain_of_command: { vi: 'Là cấp trên hoặc cấp phó trong đơn vị', en: 'Is in the subject’s chain of command' },
  worked_the_matter: { vi: 'Đã tham gia xác minh, kiểm tra vụ việc', en: 'Worked the findings or the inspection' },
  declared_relation: { vi: 'Có quan hệ đã kê khai với người bị xem xét', en: 'Has a declared relation to the subject' },
};

export interface Recusal {
  ground: RecusalGround;
  detail: string;
}

export type SeatProblem =
  | { seat: Seat; code: 'vacant' }
  | { seat: Seat; code: 'unknown_officer'; officerId: string }
  | { seat: Seat; code: 'sits_twice'; officerId: string }
  | { seat: Seat; code: 'recused'; officerId: string; recusals: Recusal[] }
  | { seat: 'chair'; code: 'chair_not_authority_leader'; officerId: string; authorityUnitId: string }
  | { seat: 'chair'; code: 'authority_outside_registry'; message: string };

export type AuthorityAnswer =
  { ok: true; unitId: string } | { ok: false; code: 'authority_outside_registry'; message: string };

/** The unit whose head or deputy chairs the council and decides. */
export function disciplinaryAuthority(subject: OfficerRecord, tree: UnitTree): AuthorityAnswer {
  if (subject.role !== 'head') return { ok: true, unitId: subject.unitId };
  const parent = tree.chainAbove(subject.unitId)[1];
  if (parent === undefined)
    return {
      ok: false,
      code: 'authority_outside_registry',
      message: `the subject heads ${subject.unitId}, which has no parent unit in the registry`,
    };
  return { ok: true, unitId: parent };
}

function isLeader(o: OfficerRecord): boolean {
  return o.role !== undefined && MANAGERIAL_ROLES.includes(o.role);
}

/**
 * Every ground on which `candidate` may not sit in `seat` (the subject gets `is_subject` alone:
 * the other grounds are moot). `authorityUnitId` exempts the authority's leaders from
 * `chain_of_command` for the chair's seat only.
 */
export function recusalsOf(
  candidate: OfficerRecord,
  seat: Seat,
  ctx: CouncilContext,
  authorityUnitId: string | undefined,
): Recusal[] {
  const { subject } = ctx;
  if (candidate.officerId === subject.officerId) return [{ ground: 'is_subject', detail: 'is the officer concerned' }];
  const out: Recusal[] = [];
  const chain = ctx.tree.chainAbove(subject.unitId);
  const chairsByOffice = seat === 'chair' && candidate.unitId === authorityUnitId;
  if (isLeader(candidate) && chain.includes(candidate.unitId) && !chairsByOffice)
    out.push({ ground: 'chain_of_command', detail: `${candidate.role ?? ''} of ${candidate.unitId}` });
  if (ctx.workedTheMatter.includes(candidate.officerId))
    out.push({ ground: 'worked_the_matter', detail: 'worked the findings or the inspection' });
  const relations = new Map(ctx.officers.map((o) => [o.officerId, o.relatedPartyIds]));
  const conflict = personalConflict(
    { officerId: candidate.officerId, unitId: candidate.unitId },
    { officerId: subject.officerId, unitId: subject.unitId },
    relations,
  );
  if (conflict !== undefined) out.push({ ground: 'declared_relation', detail: conflict });
  return out;
}

/** What is wrong with putting `officerId` in `seat` of `council` (nothing: an empty list). */
export function checkSeat(council: Council, seat: Seat, officerId: string, ctx: CouncilContext): SeatProblem[] {
  const authority = disciplinaryAuthority(ctx.subject, ctx.tree);
  const candidate = ctx.officers.find((o) => o.officerId === officerId);
  if (candidate === undefined) return [{ seat, code: 'unknown_officer', officerId }];
  const problems: SeatProblem[] = [];
  if (SEATS.some((s) => s !== seat && council[s] === officerId)) problems.push({ seat, code: 'sits_twice', officerId });
  const recusals = recusalsOf(candidate, seat, ctx, authority.ok ? authority.unitId : undefined);
  if (recusals.length > 0) problems.push({ seat, code: 'recused', officerId, recusals });
  if (seat === 'chair') {
    if (!authority.ok) problems.push({ seat, code: 'authority_outside_registry', message: authority.message });
    else if (candidate.unitId !== authority.unitId || !isLeader(candidate))
      problems.push({ seat, code: 'chair_not_authority_leader', officerId, authorityUnitId: authority.unitId });
  }
  return problems;
}

export type CouncilCheck = { ok: true } | { ok: false; problems: SeatProblem[] };

/**
 * The council against the registry as it stands: every seat filled, nobody recused, the chair a
 * leader of the authority. Run again before the meeting: a relation declared or a role changed
 * since the council was formed makes a seat recused, and it must be filled again first.
 */
export function checkCouncil(council: Council, ctx: CouncilContext): CouncilCheck {
  const problems = SEATS.flatMap((seat): SeatProblem[] => {
    const officerId = council[seat];
    return officerId === undefined ? [{ seat, code: 'vacant' }] : checkSeat(council, seat, officerId, ctx);
  });
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

export type SeatFilling = { ok: true; council: Council } | { ok: false; problems: SeatProblem[] };

/** Puts `officerId` in `seat` if they may sit there (the seat's previous occupant leaves). */
export function fillSeat(council: Council, seat: Seat, officerId: string, ctx: CouncilContext): SeatFilling {
  const problems = checkSeat(council, seat, officerId, ctx);
  return problems.length === 0 ? { ok: true, council: { ...council, [seat]: officerId } } : { ok: false, problems };
}

/** Empties a seat (a member recused after the council was formed). */
export function vacateSeat(council: Council, seat: Seat): Council {
  return { ...council, [seat]: undefined };
}

/** The officers who sit now, chair first. */
export function councilMembers(council: Council): string[] {
  return SEATS.map((s) => council[s]).filter((id): id is string => id !== undefined);
}

export type MeetingCheck =
  | { ok: true }
  | { ok: false; code: 'council_incomplete'; problems: SeatProblem[] }
  | { ok: false; code: 'member_absent'; absent: Seat[] };

/**
 * Whether the council may meet: it must be complete and valid against the registry of the
 * meeting day, and all three members must be present (the council never meets short).
 */
export function canMeet(council: Council, present: Iterable<string>, ctx: CouncilContext): MeetingCheck {
  const check = checkCouncil(council, ctx);
  if (!check.ok) return { ok: false, code: 'council_incomplete', problems: check.problems };
  const here = new Set(present);
  const absent = SEATS.filter((s) => {
    const id = council[s];
    return id === undefined || !here.has(id);
  });
  return absent.length === 0 ? { ok: true } : { ok: false, code: 'member_absent', absent };
}

/** A member recused automatically, with the grounds, and who took the seat (none: it stayed vacant). */
export interface AutomaticRecusal {
  seat: Seat;
  officerId: string;
  recusals: Recusal[];
  replacedBy?: string;
}

export type Composition =
  | { ok: true; council: Council; recused: AutomaticRecusal[] }
  | { ok: false; problems: SeatProblem[]; recused: AutomaticRecusal[] };

/**
 * Seats a council, recusing automatically whoever a ground of recusal reaches and filling their
 * seat with the first of `candidates` who may sit there (in the order given: the alternates the
 * authority named, then the service's own pick). The service runs it when the council is formed
 * and again before the subject is summoned and before the meeting, on the registry of that day,
 * so that a relation declared meanwhile empties and refills the seat before anyone votes.
 *
 * Only recusal is mended here: a proposal that names an unknown officer, seats someone twice or
 * gives the chair to someone who does not lead the authority is the proposer's mistake, answered
 * with its problems. So is a recused seat that no candidate can fill.
 */
export function composeCouncil(proposed: Council, candidates: readonly string[], ctx: CouncilContext): Composition {
  let council: Council = EMPTY_COUNCIL;
  const recused: AutomaticRecusal[] = [];
  const problems: SeatProblem[] = [];
  const proposedIds = new Set(councilMembers(proposed));
  const used = new Set<string>();
  const fillFromCandidates = (seat: Seat): string | undefined =>
    candidates.find(
      (c) =>
        !used.has(c) &&
        !proposedIds.has(c) &&
        !recused.some((r) => r.officerId === c) &&
        checkSeat(council, seat, c, ctx).length === 0,
    );
  for (const seat of SEATS) {
    const officerId = proposed[seat];
    if (officerId !== undefined) {
      const found = checkSeat(council, seat, officerId, ctx);
      if (found.length === 0) {
        council = { ...council, [seat]: officerId };
        used.add(officerId);
        continue;
      }
      const recusal = found.find((p) => p.code === 'recused');
      const others = found.filter((p) => p.code !== 'recused');
      if (recusal === undefined || others.length > 0) {
        problems.push(...found);
        continue;
      }
      const replacement = fillFromCandidates(seat);
      recused.push({
        seat,
        officerId,
        recusals: recusal.recusals,
        ...(replacement ? { replacedBy: replacement } : {}),
      });
      if (replacement === undefined) {
        problems.push(recusal);
        continue;
      }
      council = { ...council, [seat]: replacement };
      used.add(replacement);
      continue;
    }
    const replacement = fillFromCandidates(seat);
    if (replacement === undefined) problems.push({ seat, code: 'vacant' });
    else {
      council = { ...council, [seat]: replacement };
      used.add(replacement);
    }
  }
  return problems.length === 0 ? { ok: true, council, recused } : { ok: false, problems, recused };
}
