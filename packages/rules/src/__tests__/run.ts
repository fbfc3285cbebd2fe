import { parseRfc3339, type AnyEvent, type CaseStreamEvent } from '@thads/contracts';
import { CaseEngine } from '../engine';
import type { RaisedFinding } from '../finding';
import { newCaseState } from '../state';

/** Runs a case's events through the engine in order, lets event time run to `until`, and keeps one rule's findings. */
export function runRule(ruleId: string, events: AnyEvent[], until: string, engine = new CaseEngine()): RaisedFinding[] {
  const first = events[0] as CaseStreamEvent;
  const state = newCaseState(first.caseId ?? 'x', first.unitId, 0);
  const out: RaisedFinding[] = [];
  for (const event of events)
    out.push(...engine.apply(state, { event: event as CaseStreamEvent, at: parseRfc3339(event.occurredAt) }));
  out.push(...engine.expire(state, parseRfc3339(until)));
  return out.filter((f) => f.ruleId === ruleId);
}

export const END_2025 = '2025-12-31T00:00:00+07:00';
