import type { CaseStreamEvent, RuleId } from '@thads/contracts';
import type { WorkingCalendar } from './calendar/calendar';
import type { RuleVersion } from './catalogue';
import type { FindingDraft } from './finding';
import type { CaseState, Deadline } from './state';
import type { RegistryView } from './registry';

/** What a rule may do: read configuration and the calendar, schedule deadlines, raise findings. */
export interface RuleContext {
  readonly calendar: WorkingCalendar;
  readonly registry: RegistryView;
  /** The version of the rule in force for the unit at that instant, its params typed by rule. */
  config<R extends RuleId>(ruleId: R, unitId: string, atMs: number): RuleVersion<R>;
  schedule(state: CaseState, deadline: Deadline): void;
  cancel(state: CaseState, ruleId: RuleId, key: string): void;
  raise(draft: FindingDraft): void;
  /** Raises a finding of `ruleId` on the case, judged by the version in force at `versionAt`. */
  raiseOn(ruleId: RuleId, state: CaseState, versionAt: number, spec: FindingSpec): void;
}

/** What a rule says about a finding; the rest (version, severity, basis, unit, case) comes from context. */
export interface FindingSpec {
  occurrence: string;
  detectedAt: string;
  title: { vi: string; en: string };
  explanation: { vi: string; en: string };
  eventIds: string[];
  figures: Record<string, unknown>;
  severity?: RuleVersion['severity'];
  officerId?: string;
  /** Subject other than the case (officer-level rules). */
  subject?: string;
}

export interface EventInput<E extends CaseStreamEvent = CaseStreamEvent> {
  event: E;
  /** `occurredAt` in epoch ms. */
  at: number;
}

/**
 * One rule of the catalogue. `on` lists the event types it reacts to; the engine calls it
 * after the shared case facts (parties, officer, end of case) are updated for that event.
 * Declared as `Rule<'its-id'>`, a rule's `this.id` is its own id, so `ctx.config(this.id, …)`
 * gives its own params.
 */
export interface Rule<R extends RuleId = RuleId> {
  id: R;
  on: readonly CaseStreamEvent['type'][];
  onEvent(ctx: RuleContext, state: CaseState, input: EventInput): void;
  /** Called once when one of this rule's deadlines passes unfulfilled. */
  onDeadline?(ctx: RuleContext, state: CaseState, deadline: Deadline): void;
}
