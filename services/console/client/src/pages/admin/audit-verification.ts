import type { paths as InspectionPaths } from '../../api/generated/inspection';
import type { Role } from '../../api/session';

/**
 * The audit chains the console can verify, who may verify each (the services' `@Roles` on
 * their verify endpoints), and a verification's outcome worded for people.
 */

export type Verification =
  InspectionPaths['/api/audit/verify']['get']['responses']['200']['content']['application/json'];

export type Chain = 'inspection' | 'discipline';

export const CHAINS: readonly { chain: Chain; roles: readonly Role[] }[] = [
  { chain: 'inspection', roles: ['admin', 'inspection_supervisor'] },
  { chain: 'discipline', roles: ['admin', 'committee_chair'] },
];

/** The chains a user with these roles may verify. */
export function chainsFor(roles: readonly Role[]): Chain[] {
  return CHAINS.filter((c) => c.roles.some((r) => roles.includes(r))).map((c) => c.chain);
}

export type Outcome =
  { kind: 'intact'; entries: number } | { kind: 'broken'; entries: number; firstBad: number; cause: Cause };

/** Why an entry does not match, as packages/audit's `verifyChain` says it; `other` keeps its words. */
export type Cause =
  | { kind: 'altered' }
  | { kind: 'unlinked' }
  | { kind: 'gap'; from: number; to: number }
  | { kind: 'other'; text: string };

export function cause(reason: string | undefined): Cause {
  if (!reason) return { kind: 'other', text: '' };
  if (reason === 'content does not match its hash') return { kind: 'altered' };
  if (reason === 'does not link to the entry before it') return { kind: 'unlinked' };
  const gap = /^sequence jumps from (\d+) to (\d+)$/.exec(reason);
  if (gap) return { kind: 'gap', from: Number(gap[1]), to: Number(gap[2]) };
  return { kind: 'other', text: reason };
}

/**
 * A verification's outcome. The chain is broken when the service says so; an answer that says
 * "not ok" without naming an entry still counts as broken (entry 0: the service named none),
 * never as intact.
 */
export function outcome(v: Verification): Outcome {
  if (v.ok) return { kind: 'intact', entries: v.entries };
  return { kind: 'broken', entries: v.entries, firstBad: v.firstBad ?? 0, cause: cause(v.reason) };
}
