import { isRuleId, type RuleId } from '@thads/contracts';
import { dayFromIso, dayOf } from './calendar/calendar';
import { RULE_PARAM_NAMES, paramProblem, type ParamName, type RuleVersion, type StoredRuleVersion } from './catalogue';

interface Dated<R extends RuleId> {
  from: number;
  v: RuleVersion<R>;
}

/** Versions per rule, each list typed by its own rule id, so `at(id)` needs no cast. */
type ByRule = { [R in RuleId]?: Dated<R>[] };

/** The params a stored version of a catalogue rule lacks (each must be a number). */
export function missingParams(v: StoredRuleVersion & { ruleId: RuleId }): string[] {
  const names: readonly string[] = RULE_PARAM_NAMES[v.ruleId];
  return names.filter((name) => typeof v.params[name] !== 'number' || Number.isNaN(v.params[name]));
}

/**
 * The params a stored version of a catalogue rule has but cannot use: a number outside what its
 * kind allows (`PARAM_KINDS`), with what is allowed. Missing ones are `missingParams`.
 */
export function invalidParams(v: StoredRuleVersion & { ruleId: RuleId }): { param: string; reason: string }[] {
  const names: readonly ParamName[] = RULE_PARAM_NAMES[v.ruleId];
  return names.flatMap((name) => {
    const value = v.params[name];
    if (typeof value !== 'number' || Number.isNaN(value)) return [];
    const reason = paramProblem(name, value);
    return reason ? [{ param: name, reason }] : [];
  });
}

/** A stored version of a catalogue rule with every param it needs, each a usable value: what rule code may read. */
function isComplete(v: StoredRuleVersion & { ruleId: RuleId }): v is RuleVersion {
  return missingParams(v).length === 0 && invalidParams(v).length === 0;
}

/**
 * The stored id of a version: one per rule, version number and unit. Findings name the version
 * number, so numbers are not reused within a rule, unit overrides included.
 */
export function versionIdOf(v: Pick<StoredRuleVersion, 'ruleId' | 'version' | 'unitId'>): string {
  return `${v.ruleId}@${v.version}${v.unitId ? `@${v.unitId}` : ''}`;
}

/**
 * Answers "which configuration of rule R applies to unit U at instant T". Unit overrides win
 * over the general version in force at the same time; among versions, the latest effective
 * date not after T wins.
 *
 * Takes versions as the store holds them. A version of a rule this code does not implement is
 * kept aside for `ruleIds()`, so the engine's start-up check can name it; a version of a known
 * rule that lacks a param stops construction here, since its rule would read `undefined`.
 */
export class RuleBook {
  private readonly byRule: ByRule = {};
  private readonly unknown = new Set<string>();

  constructor(versions: readonly StoredRuleVersion[]) {
    const incomplete: string[] = [];
    for (const v of versions) {
      if (!isRuleId(v.ruleId)) {
        this.unknown.add(v.ruleId);
        continue;
      }
      const known = { ...v, ruleId: v.ruleId };
      if (isComplete(known)) {
        this.add(known);
        continue;
      }
      const name = `${v.ruleId} version ${v.version}${v.unitId ? ` (unit ${v.unitId})` : ''}`;
      const missing = missingParams(known);
      if (missing.length) incomplete.push(`${name} lacks ${missing.join(', ')}`);
      for (const { param, reason } of invalidParams(known))
        incomplete.push(`${name} has ${param} = ${String(v.params[param])}, which is not ${reason}`);
    }
    if (incomplete.length) {
      throw new Error(
        `rule versions without usable thresholds: ${incomplete.join('; ')} (give each param a number of the kind its rule reads)`,
      );
    }
    for (const list of Object.values(this.byRule)) list.sort((a, b) => a.from - b.from || a.v.version - b.v.version);
  }

  private add<R extends RuleId>(v: RuleVersion<R>): void {
    // Seen through rule R's own slot, so the list written is the list of R's versions.
    const slots: { [K in R]?: Dated<K>[] } = this.byRule;
    const list = slots[v.ruleId] ?? [];
    list.push({ from: dayFromIso(v.effectiveFrom), v });
    slots[v.ruleId] = list;
  }

  /** Every rule id with a version, those this code does not implement included. */
  ruleIds(): string[] {
    return [...Object.keys(this.byRule), ...this.unknown];
  }

  /** The version in force; throws if the rule has none at that time (a wiring error). */
  at<R extends RuleId>(ruleId: R, unitId: string, atMs: number): RuleVersion<R> {
    const list: Dated<R>[] | undefined = this.byRule[ruleId];
    if (!list) throw new Error(`rule "${ruleId}" has no definition in the rule book`);
    const day = dayOf(atMs);
    let general: RuleVersion<R> | undefined;
    let own: RuleVersion<R> | undefined;
    for (const { from, v } of list) {
      if (from > day) break;
      if (v.unitId === undefined) general = v;
      else if (v.unitId === unitId) own = v;
    }
    // A unit override applies only while it is newer than the general version in force.
    const chosen =
      own && general && dayFromIso(own.effectiveFrom) >= dayFromIso(general.effectiveFrom) ? own : (general ?? own);
    if (!chosen) throw new Error(`rule "${ruleId}" has no version in force on ${new Date(atMs).toISOString()}`);
    return chosen;
  }
}
