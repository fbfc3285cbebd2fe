import { personalConflict, type Relations, type UnitTree } from '@thads/org';

/** What assignment needs to know about an inspector. */
export interface Candidate {
  username: string;
  unitId: string;
  /** The inspector's own record in the officer registry, when linked. */
  officerId?: string | undefined;
  /** Open inspections assigned to them now. */
  load: number;
  /** When they were last given one (epoch ms; 0 = never): ties go to whoever waited longest. */
  lastAssignedAt: number;
}

/** What assignment needs to know about the inspection. */
export interface Subject {
  unitId: string;
  /** The officer the finding is about, if any. */
  officerId?: string | undefined;
}

/**
 * Why `c` may not inspect `s`, or undefined when they may: an inspector must be able to see the
 * unit, must not belong to it (issue 5: never the same unit as the case), must not be the
 * officer concerned, and neither of the two may have declared the other as related.
 */
export function ineligibility(
  c: Omit<Candidate, 'load' | 'lastAssignedAt'>,
  s: Subject,
  tree: UnitTree,
  relations: Relations,
): string | undefined {
  if (!tree.inScope(c.unitId, s.unitId)) return `unit ${s.unitId} is outside their scope`;
  if (c.unitId === s.unitId) return `belongs to unit ${s.unitId}, the unit concerned`;
  return personalConflict(c, s, relations);
}

export type Choice = { ok: true; username: string } | { ok: false; reason: string };

/**
 * The least-loaded eligible inspector under the cap (ties: the one who waited longest, then by
 * name, so the choice is deterministic); otherwise why nobody can take it.
 */
export function chooseInspector(
  s: Subject,
  candidates: readonly Candidate[],
  cap: number,
  tree: UnitTree,
  relations: Relations,
): Choice {
  if (candidates.length === 0) return { ok: false, reason: 'there are no active inspectors' };
  const eligible = candidates.filter((c) => ineligibility(c, s, tree, relations) === undefined);
  if (eligible.length === 0)
    return {
      ok: false,
      reason: `none of the ${candidates.length} inspectors is eligible (unit, officer or declared relation)`,
    };
  const free = eligible.filter((c) => c.load < cap);
  if (free.length === 0)
    return { ok: false, reason: `all ${eligible.length} eligible inspectors have ${cap} open inspections (the cap)` };
  free.sort((a, b) => a.load - b.load || a.lastAssignedAt - b.lastAssignedAt || a.username.localeCompare(b.username));
  return { ok: true, username: free[0]!.username };
}
