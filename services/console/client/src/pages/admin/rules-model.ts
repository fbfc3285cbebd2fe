import type { paths } from '../../api/generated/detector';

/**
 * The rule-book page's logic: each rule's versions on a timeline, the thresholds in force, and
 * the body of "add a version" from the form. Pure, unit-tested.
 */

export type RuleBook = paths['/api/rules']['get']['responses']['200']['content']['application/json'];
export type RuleEntry = RuleBook['rules'][number];
export type Version = RuleEntry['versions'][number];
export type ParamSpec = RuleEntry['params'][number];
export type NewVersion = paths['/api/rules/{ruleId}/versions']['post']['requestBody']['content']['application/json'];

/** Where a version stands today: superseded, in force (for every unit, or for its unit), or to come. */
export type VersionState = 'past' | 'current' | 'future';

export function versionState(v: Version, today: string): VersionState {
  if (v.inForce) return 'current';
  return v.effectiveFrom > today ? 'future' : 'past';
}

/** The rule's versions in the order they take effect (unit overrides among them), newest last. */
export function timeline(rule: RuleEntry): Version[] {
  return [...rule.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
}

/** The general version in force today (what every unit without its own gets). */
export function generalInForce(rule: RuleEntry): Version | undefined {
  return rule.versions.find((v) => v.inForce && v.unitId === undefined);
}

/** The thresholds a new version starts from: those of the general version in force, else of the latest. */
export function startingParams(rule: RuleEntry): Record<string, number> {
  const base = generalInForce(rule) ?? timeline(rule).at(-1);
  return Object.fromEntries(rule.params.map((p) => [p.name, base?.params[p.name] ?? p.min]));
}

/** The step of a threshold's input: a share moves by hundredths, the others by one. */
export function stepOf(spec: ParamSpec): number {
  return spec.integer ? 1 : 0.01;
}

/** What the "add a version" form holds. `effectiveFrom` is YYYY-MM-DD (the picker shows dd/mm/yyyy). */
export interface VersionForm {
  effectiveFrom: string;
  unitId?: string;
  params: Record<string, number | null | undefined>;
  severity?: NewVersion['severity'];
  legalBasisVi?: string;
  legalBasisEn?: string;
  reason: string;
}

/**
 * The request body of a form: a blank unit means every unit; severity and legal basis are sent
 * only when given (the detector keeps those of the version the new one follows); a legal basis
 * needs both languages, so one left blank takes the other.
 */
export function versionBody(form: VersionForm, specs: readonly ParamSpec[]): NewVersion {
  const params: Record<string, number> = {};
  for (const spec of specs) {
    const value = form.params[spec.name];
    if (typeof value === 'number') params[spec.name] = value;
  }
  const unitId = form.unitId?.trim();
  const vi = form.legalBasisVi?.trim();
  const en = form.legalBasisEn?.trim();
  return {
    effectiveFrom: form.effectiveFrom,
    params,
    reason: form.reason.trim(),
    ...(unitId ? { unitId } : {}),
    ...(form.severity ? { severity: form.severity } : {}),
    ...(vi || en ? { legalBasis: { vi: vi || en!, en: en || vi! } } : {}),
  };
}
