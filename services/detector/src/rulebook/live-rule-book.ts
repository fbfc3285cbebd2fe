import { isRuleId } from '@thads/contracts';
import type { CaseEngine, OfficialYear, StoredRuleVersion } from '@thads/rules';

/** What a reload changed: the rules and versions now in the book, the years whose days changed. */
export interface Reloaded {
  rules: number;
  versions: number;
  years: number[];
}

/**
 * The rule book and calendar of a running engine, brought up to date with the store while the
 * detector runs (an administrator added a version or changed a year, on this instance or
 * another). No I/O: the caller reads the store and hands the result here.
 *
 * Swaps are whole: the engine reads one book per batch (batches are processed synchronously), so
 * no batch sees half a change. Versions accepted by the API take effect after the day they were
 * added, so no event already judged is judged differently; the calendar refuses changes to days
 * up to today for the same reason.
 */
export class LiveRuleBook {
  /** Each year as last applied, to set only the years that changed (setting one clears the calendar's memo). */
  private readonly years = new Map<number, string>();

  constructor(
    private readonly engine: CaseEngine,
    years: readonly OfficialYear[],
  ) {
    for (const y of years) this.years.set(y.year, yearKey(y));
  }

  /**
   * Puts `versions` and `years` in force. A rule book that fails the start-up check (a document
   * inserted by hand) throws, and the book in use stays: the detector keeps judging as before.
   */
  apply(versions: readonly StoredRuleVersion[], years: readonly OfficialYear[]): Reloaded {
    this.engine.useVersions(versions);
    const changed: number[] = [];
    for (const y of years) {
      const key = yearKey(y);
      if (this.years.get(y.year) === key) continue;
      this.engine.calendar.setYear(y);
      this.years.set(y.year, key);
      changed.push(y.year);
    }
    return {
      rules: new Set(versions.filter((v) => isRuleId(v.ruleId)).map((v) => v.ruleId)).size,
      versions: versions.length,
      years: changed,
    };
  }
}

function yearKey(y: OfficialYear): string {
  return JSON.stringify([[...y.daysOff].sort(), [...(y.workingDays ?? [])].sort()]);
}
