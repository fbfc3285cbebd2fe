import { dayFromIso, dayOf } from './calendar/calendar';
import type { RuleVersion } from './catalogue';

/**
 * Answers "which configuration of rule R applies to unit U at instant T". Unit overrides win
 * over the general version in force at the same time; among versions, the latest effective
 * date not after T wins.
 */
export class RuleBook {
  private readonly byRule = new Map<string, { from: number; v: RuleVersion }[]>();

  constructor(versions: RuleVersion[]) {
    for (const v of versions) {
      const list = this.byRule.get(v.ruleId) ?? [];
      list.push({ from: dayFromIso(v.effectiveFrom), v });
      this.byRule.set(v.ruleId, list);
    }
    for (const list of this.byRule.values()) list.sort((a, b) => a.from - b.from || a.v.version - b.v.version);
  }

  ruleIds(): string[] {
    return [...this.byRule.keys()];
  }

  /** The version in force; throws if the rule has none at that time (a wiring error). */
  at(ruleId: string, unitId: string, atMs: number): RuleVersion {
    const list = this.byRule.get(ruleId);
    if (!list) throw new Error(`rule "${ruleId}" has no definition in the rule book`);
    const day = dayOf(atMs);
    let general: RuleVersion | undefined;
    let own: RuleVersion | undefined;
    for (const { from, v } of list) {
      if (from > day) break;
      if (v.unitId === undefined) general = v;
      else if (v.unitId === unitId) own = v;
    }
    // A unit override applies only while it is newer than the general version in force.
    const chosen = own && general && dayFromIso(own.effectiveFrom) >= dayFromIso(general.effectiveFrom) ? own : general ?? own;
    if (!chosen) throw new Error(`rule "${ruleId}" has no version in force on ${new Date(atMs).toISOString()}`);
    return chosen;
  }
}
