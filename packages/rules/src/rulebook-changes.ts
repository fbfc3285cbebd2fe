import { isRuleId, type Bilingual, type RuleId, type Severity } from '@thads/contracts';
import { dayFromIso, isIsoDay, isoFromDay, startOfDay, type Day } from './calendar/calendar';
import {
  PARAM_KINDS,
  PARAM_LIMITS,
  RULE_PARAM_NAMES,
  paramProblem,
  type ParamKind,
  type ParamName,
  type RuleVersion,
  type StoredRuleVersion,
} from './catalogue';
import { ALL_RULES, assertCatalogueComplete } from './engine';
import { RuleBook, versionIdOf } from './rulebook';

/** What an administrator asks for: a rule's new thresholds from a day, for every unit or one. */
export interface VersionRequest {
  effectiveFrom: string;
  unitId?: string;
  params: Readonly<Record<string, unknown>>;
  severity?: Severity;
  legalBasis?: Bilingual;
}

/** Why a version is refused: each becomes an HTTP answer naming the field. */
export type VersionRefusal =
  | { kind: 'unknown-rule'; ruleId: string }
  | { kind: 'not-future'; effectiveFrom: string; earliest: string }
  | { kind: 'invalid'; field: string; reason: string };

export type VersionProposal = { ok: true; version: RuleVersion } | { ok: false; refusal: VersionRefusal };

/** A threshold as the rule book describes it to whoever edits it. */
export interface ParamSpec {
  name: string;
  kind: ParamKind;
  min: number;
  max: number;
  integer: boolean;
}

/** The thresholds rule `ruleId` reads, with the values each accepts. */
export function paramSpecs(ruleId: RuleId): ParamSpec[] {
  const names: readonly ParamName[] = RULE_PARAM_NAMES[ruleId];
  return names.map((name) => {
    const kind = PARAM_KINDS[name];
    const { min, max, integer } = PARAM_LIMITS[kind];
    return { name, kind, min, max, integer };
  });
}

/**
 * The version an administrator's request makes, checked against the rule book it joins, or why
 * not. `today` is the current day in Vietnam.
 *
 * The day must be after today: every event up to today may already have been judged by the
 * version in force, and a version for such a day would make findings depend on whether the
 * detector judged an event before or after it restarted. A past period is re-judged by a replay.
 *
 * The params are the rule's own, every one of them, each of its kind. Severity and legal basis
 * default to those of the version the new one follows (for a unit: the one that unit would have
 * on that day). The version number follows the highest of the rule, unit overrides included, so
 * a finding's `ruleVersion` names one configuration. Last, the rule book with the new version is
 * put through the check the detector makes at start-up, so a version accepted here cannot stop
 * a detector from starting.
 */
export function proposeVersion(
  existing: readonly StoredRuleVersion[],
  ruleId: string,
  request: VersionRequest,
  today: Day,
): VersionProposal {
  const refuse = (refusal: VersionRefusal): VersionProposal => ({ ok: false, refusal });
  const invalid = (field: string, reason: string) => refuse({ kind: 'invalid', field, reason });
  if (!isRuleId(ruleId)) return refuse({ kind: 'unknown-rule', ruleId });
  const { effectiveFrom, unitId } = request;
  if (!isIsoDay(effectiveFrom)) return invalid('effectiveFrom', 'a day of the calendar, YYYY-MM-DD');
  if (dayFromIso(effectiveFrom) <= today)
    return refuse({ kind: 'not-future', effectiveFrom, earliest: isoFromDay(today + 1) });

  const names: readonly string[] = RULE_PARAM_NAMES[ruleId];
  for (const key of Object.keys(request.params))
    if (!names.includes(key))
      return invalid(
        `params.${key}`,
        names.length
          ? `not a threshold of ${ruleId}, which reads ${names.join(', ')}`
          : `not a threshold of ${ruleId}, which reads none`,
      );
  const params: Record<string, number> = {};
  for (const name of RULE_PARAM_NAMES[ruleId]) {
    const value = request.params[name];
    if (value === undefined) return invalid(`params.${name}`, `required: ${paramProblem(name, undefined)}`);
    const problem = paramProblem(name, value);
    if (problem) return invalid(`params.${name}`, problem);
    params[name] = value as number;
  }

  const book = new RuleBook(existing);
  let previous: RuleVersion | undefined;
  try {
    // A unit id no override carries ('') asks for the general version.
    previous = book.at(ruleId, unitId ?? '', startOfDay(dayFromIso(effectiveFrom)));
  } catch {
    previous = undefined; // no version in force then: severity and legal basis must be given
  }
  const severity = request.severity ?? previous?.severity;
  if (!severity)
    return invalid('severity', `required: ${ruleId} has no version in force on ${effectiveFrom} to take it from`);
  const legalBasis = request.legalBasis ?? previous?.legalBasis;
  if (!legalBasis)
    return invalid('legalBasis', `required: ${ruleId} has no version in force on ${effectiveFrom} to take it from`);

  const version = 1 + existing.filter((v) => v.ruleId === ruleId).reduce((max, v) => Math.max(max, v.version), 0);
  const stored: StoredRuleVersion = {
    ruleId,
    version,
    effectiveFrom,
    severity,
    legalBasis,
    params,
    ...(unitId ? { unitId } : {}),
  };
  try {
    assertCatalogueComplete(new RuleBook([...existing, stored]), ALL_RULES);
  } catch (err) {
    return invalid('(body)', (err as Error).message);
  }
  return { ok: true, version: stored as RuleVersion };
}

/**
 * The ids of the versions in force at `atMs`: for each rule, the general one, and for each unit
 * with an override, the version that unit gets (its own while newer than the general one).
 * Read through `RuleBook.at`, the detector's own answer.
 */
export function versionsInForce(versions: readonly StoredRuleVersion[], atMs: number): Set<string> {
  const book = new RuleBook(versions);
  const out = new Set<string>();
  const units = new Map<RuleId, Set<string>>();
  for (const v of versions) {
    if (!isRuleId(v.ruleId)) continue;
    const set = units.get(v.ruleId) ?? new Set<string>();
    if (v.unitId) set.add(v.unitId);
    units.set(v.ruleId, set);
  }
  for (const [ruleId, unitIds] of units) {
    for (const unit of ['', ...unitIds]) {
      try {
        out.add(versionIdOf(book.at(ruleId, unit, atMs)));
      } catch {
        // nothing in force yet for this rule or unit
      }
    }
  }
  return out;
}
