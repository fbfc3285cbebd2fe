import type { RuleId } from '@thads/contracts';
import { WorkingCalendar } from './calendar/calendar';
import { DEFAULT_RULE_VERSIONS, type StoredRuleVersion } from './catalogue';
import { raise, type FindingDraft, type RaisedFinding } from './finding';
import type { EventInput, Rule, RuleContext } from './rule';
import { RuleBook } from './rulebook';
import { auctionBelowValuation } from './rules/auction-below-valuation';
import { lateDecision } from './rules/late-decision';
import { payeeNotParty } from './rules/payee-not-party';
import { payoutOverdue } from './rules/payout-overdue';
import {
  lateComplaintResolution,
  reassignmentBeforePayout,
  repeatedPostponement,
  stagnantCase,
  staleUnableReverification,
  unableWithoutVerification,
  verificationOverdue,
} from './rules/case-handling';
import { cashNotDeposited, closedWithUndisbursedFunds, feeWaiverWithoutGrounds, overDisbursement } from './rules/money';
import { excessivePriceReduction, singleBidderSale } from './rules/assets';
import { relatedParty } from './rules/related-party';
import { InMemoryRegistry, type RegistryView } from './registry';
import { eventKey, isCaselessState, type CaseState, type Deadline } from './state';
import { updateFacts } from './facts';
import { SUBJECT_RULE_IDS } from './subject-rules';

export const ALL_RULES: readonly Rule[] = [
  lateDecision,
  verificationOverdue,
  unableWithoutVerification,
  staleUnableReverification,
  repeatedPostponement,
  stagnantCase,
  reassignmentBeforePayout,
  lateComplaintResolution,
  payoutOverdue,
  cashNotDeposited,
  payeeNotParty,
  overDisbursement,
  closedWithUndisbursedFunds,
  feeWaiverWithoutGrounds,
  auctionBelowValuation,
  excessivePriceReduction,
  singleBidderSale,
  relatedParty,
];

/**
 * Refuses a wiring in which a rule of the catalogue has no implementation, or an implemented
 * rule has no configuration: either would silently miss irregularities.
 */
export function assertCatalogueComplete(
  book: RuleBook,
  rules: readonly Rule[],
  elsewhere: readonly string[] = SUBJECT_RULE_IDS,
): void {
  const implemented = new Set([...rules.map((r) => r.id), ...elsewhere]);
  const configured = new Set(book.ruleIds());
  const noCode = [...configured].filter((id) => !implemented.has(id));
  const noConfig = [...implemented].filter((id) => !configured.has(id));
  if (noCode.length || noConfig.length) {
    throw new Error(
      [
        noCode.length
          ? `rules without an implementation: ${noCode.join(', ')} (add each to ALL_RULES in packages/rules/src/engine.ts, or to SUBJECT_RULE_IDS for a rule over many cases)`
          : '',
        noConfig.length
          ? `rules without a configuration: ${noConfig.join(', ')} (add a version to DEFAULT_RULE_VERSIONS in packages/rules/src/catalogue.ts)`
          : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
}

/** The rule book of `versions`, refused (thrown) unless every rule of `rules` has a configuration and the reverse. */
function checkedBook(versions: readonly StoredRuleVersion[], rules: readonly Rule[]): RuleBook {
  const book = new RuleBook(versions);
  assertCatalogueComplete(book, rules);
  return book;
}

/**
 * Applies events and passing time to one case's state and returns the findings raised.
 * Pure: the same state and input always give the same output, whoever calls it.
 */
export class CaseEngine {
  private readonly byType = new Map<string, Rule[]>();
  private readonly byId = new Map<RuleId, Rule>();
  private current: RuleBook;

  constructor(
    versions: readonly StoredRuleVersion[] = DEFAULT_RULE_VERSIONS,
    readonly calendar = new WorkingCalendar(),
    private readonly rules: readonly Rule[] = ALL_RULES,
    readonly registry: RegistryView = new InMemoryRegistry(),
  ) {
    this.current = checkedBook(versions, rules);
    for (const rule of rules) {
      this.byId.set(rule.id, rule);
      for (const type of rule.on) this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
    }
  }

  /** The rule book rules read their configuration from (replaced whole by `useVersions`). */
  get book(): RuleBook {
    return this.current;
  }

  /**
   * Replaces the rule book while the engine runs (an administrator added a version), after the
   * same checks as at construction; a set that fails them throws and the book in use stays.
   * Callers swap between batches: every call of `apply` or `expire` reads one book throughout.
   */
  useVersions(versions: readonly StoredRuleVersion[]): void {
    this.current = checkedBook(versions, this.rules);
  }

  /**
   * Applies one event, unless an event with the same id was applied to the case before (then it
   * has no effect, as EVENTS.md requires). Deadlines of this case that passed before the event are expired first,
   * so a fulfilling event that arrives late finds its deadline already raised, never twice.
   */
  apply(state: CaseState, input: EventInput): RaisedFinding[] {
    const key = eventKey(input.event.eventId);
    if (state.ids.includes(key)) return [];
    state.ids.push(key);
    const out = this.expire(state, input.at);
    updateFacts(state, input.event, input.at);
    const ctx = this.context(out);
    for (const rule of this.byType.get(input.event.type) ?? []) rule.onEvent(ctx, state, input);
    return out;
  }

  /** Raises every deadline of the case that has passed at `now` (event time). */
  expire(state: CaseState, now: number): RaisedFinding[] {
    const out: RaisedFinding[] = [];
    const ctx = this.context(out);
    // A deadline may open the next one (a recurring obligation), which may be due as well.
    for (;;) {
      if (!state.deadlines?.length) return out;
      const due = state.deadlines
        .filter((d) => d.due <= now)
        .sort((a, b) => a.due - b.due || a.key.localeCompare(b.key));
      if (due.length === 0) return out;
      const first = due[0]!;
      state.deadlines = state.deadlines.filter((d) => d !== first);
      if (state.deadlines.length === 0) delete state.deadlines;
      this.byId.get(first.ruleId)?.onDeadline?.(ctx, state, first);
    }
  }

  /** The earliest open deadline of the case, for the caller's timer index. */
  nextDue(state: CaseState): number | undefined {
    let min: number | undefined;
    for (const d of state.deadlines ?? []) if (min === undefined || d.due < min) min = d.due;
    return min;
  }

  private context(out: RaisedFinding[]): RuleContext {
    return {
      calendar: this.calendar,
      registry: this.registry,
      config: (ruleId, unitId, at) => this.book.at(ruleId, unitId, at),
      schedule: (state: CaseState, deadline: Deadline) => {
        (state.deadlines ??= []).push(deadline);
      },
      cancel: (state: CaseState, ruleId: RuleId, key: string) => {
        if (!state.deadlines) return;
        state.deadlines = state.deadlines.filter((d) => d.ruleId !== ruleId || d.key !== key);
        if (state.deadlines.length === 0) delete state.deadlines;
      },
      raise: (draft: FindingDraft) => out.push(raise(draft)),
      raiseOn: (ruleId, state, versionAt, spec) => {
        const cfg = this.book.at(ruleId, state.unitId, versionAt);
        const caseless = isCaselessState(state);
        out.push(
          raise({
            ruleId,
            ruleVersion: cfg.version,
            severity: spec.severity ?? cfg.severity,
            legalBasis: cfg.legalBasis,
            subject: spec.subject ?? state.caseId,
            occurrence: spec.occurrence,
            unitId: state.unitId,
            caseId: caseless ? undefined : state.caseId,
            officerId: spec.officerId ?? state.officerId,
            detectedAt: spec.detectedAt,
            title: spec.title,
            explanation: spec.explanation,
            eventIds: spec.eventIds,
            figures: spec.figures,
          }),
        );
      },
    };
  }
}
