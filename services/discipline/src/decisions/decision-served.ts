import type { DisciplineEventOf } from '@thads/contracts';
import { isoFromDay } from '@thads/rules';
import { appealDueOn, type DisciplineTimeLimits, type Proceeding } from '../domain';

/**
 * What `proceeding.decision_served` says of a proceeding whose decision was served
 * (`recordService`): the day the subject received it, and the last day to appeal counted from
 * that day as the domain counts it (`appealDueOn`: 15 days, a last day off moved to the next
 * working day). It supersedes `proceeding.decided`'s `appealBy`, which could not wait for the
 * service and assumed the decision was served the day it was taken.
 */
export function decisionServed(
  served: Proceeding,
  limits: DisciplineTimeLimits,
): DisciplineEventOf<'proceeding.decision_served'>['data'] {
  const servedOn = served.decision?.servedOn;
  const appealBy = appealDueOn(served, limits);
  // recordService sets both or refuses: a caller without them has skipped it.
  if (servedOn === undefined || appealBy === undefined) throw new Error('the decision is not served yet');
  return { servedOn: isoFromDay(servedOn), appealBy: isoFromDay(appealBy) };
}
