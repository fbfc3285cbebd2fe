import { RULE_IDS } from '@thads/contracts';
import { DEFAULT_RULE_VERSIONS, RULE_PARAM_NAMES, type StoredRuleVersion } from './catalogue';
import { ALL_RULES } from './engine';
import { RULE_GUIDES } from './guides';
import { RuleBook } from './rulebook';
import { SUBJECT_RULE_IDS } from './subject-rules';

/** One place that lists rule ids, and where a missing id is to be added. */
interface Listing {
  name: string;
  where: string;
  ids: readonly string[];
}

const CANONICAL: Listing = { name: 'RULE_IDS', where: 'RULE_IDS in packages/contracts/src/rule-ids.ts', ids: RULE_IDS };

/** What to add where so that `listing` names exactly the rules of RULE_IDS; empty when they agree. */
function disagreements(listing: Listing, canonical: Listing = CANONICAL): string[] {
  const have = new Set(listing.ids);
  const want = new Set(canonical.ids);
  return [
    ...[...want]
      .filter((id) => !have.has(id))
      .map((id) => `"${id}" is in ${canonical.name} but not in ${listing.name}: add it to ${listing.where}`),
    ...[...have]
      .filter((id) => !want.has(id))
      .map(
        (id) =>
          `"${id}" is in ${listing.name} but not in ${canonical.name}: add it to ${canonical.where} (or remove it from ${listing.where})`,
      ),
  ];
}

/** Ids listed more than once, which would make one rule run (and raise) twice. */
function duplicates(listing: Listing): string[] {
  const seen = new Set<string>();
  return listing.ids
    .filter((id) => seen.has(id) || !seen.add(id))
    .map((id) => `"${id}" is listed twice in ${listing.where}: keep one`);
}

const implementations: Listing = {
  name: 'the implemented rules',
  where:
    'ALL_RULES in packages/rules/src/engine.ts (a rule over one case) or SUBJECT_RULE_IDS in packages/rules/src/subject-rules.ts (over many cases)',
  ids: [...ALL_RULES.map((r) => r.id), ...SUBJECT_RULE_IDS],
};

describe('the rule catalogue', () => {
  it('has a version, params, a guide and exactly one implementation for every rule id, and nothing else', () => {
    const listings: Listing[] = [
      {
        name: 'the catalogue',
        where: 'DEFAULT_RULE_VERSIONS in packages/rules/src/catalogue.ts',
        ids: [...new Set(DEFAULT_RULE_VERSIONS.map((v) => v.ruleId))],
      },
      {
        name: 'the rule params',
        where: 'RULE_PARAM_NAMES in packages/rules/src/catalogue.ts',
        ids: Object.keys(RULE_PARAM_NAMES),
      },
      { name: 'the rule guides', where: 'RULE_GUIDES in packages/rules/src/guides.ts', ids: Object.keys(RULE_GUIDES) },
      implementations,
    ];
    expect([
      ...listings.flatMap((l) => disagreements(l)),
      ...duplicates(implementations),
      ...duplicates(CANONICAL),
    ]).toEqual([]);
  });

  it('says what to add where when a listing disagrees', () => {
    const short: Listing = {
      name: 'the rule guides',
      where: 'RULE_GUIDES in packages/rules/src/guides.ts',
      ids: [...RULE_IDS.slice(1), 'teleported-asset'],
    };
    expect(disagreements(short)).toEqual([
      '"late-decision" is in RULE_IDS but not in the rule guides: add it to RULE_GUIDES in packages/rules/src/guides.ts',
      '"teleported-asset" is in the rule guides but not in RULE_IDS: add it to RULE_IDS in packages/contracts/src/rule-ids.ts (or remove it from RULE_GUIDES in packages/rules/src/guides.ts)',
    ]);
    expect(duplicates({ ...implementations, ids: ['stagnant-case', 'split-payouts', 'stagnant-case'] })).toEqual([
      `"stagnant-case" is listed twice in ${implementations.where}: keep one`,
    ]);
  });

  it('gives every default version the params its rule reads, as numbers', () => {
    for (const v of DEFAULT_RULE_VERSIONS) {
      expect(Object.keys(v.params).sort()).toEqual([...RULE_PARAM_NAMES[v.ruleId]].sort());
      for (const value of Object.values(v.params)) expect(typeof value).toBe('number');
    }
  });

  it('guides every rule with a checklist whose item ids are unique within the rule', () => {
    for (const [ruleId, guide] of Object.entries(RULE_GUIDES)) {
      expect({ ruleId, vi: guide.firesWhen.vi.length > 0, en: guide.firesWhen.en.length > 0 }).toEqual({
        ruleId,
        vi: true,
        en: true,
      });
      const ids = guide.checklist.map((c) => c.id);
      expect({ ruleId, ids: new Set(ids).size }).toEqual({ ruleId, ids: ids.length });
    }
  });
});

describe('the rule book', () => {
  const late = DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'late-decision')!;

  it('refuses a stored version of a known rule that lacks a threshold, naming the rule, version and param', () => {
    const stored: StoredRuleVersion = { ...late, version: 3, unitId: 'U-1', params: { workingDays: '5' } };
    expect(() => new RuleBook([...DEFAULT_RULE_VERSIONS, stored])).toThrow(
      'late-decision version 3 (unit U-1) lacks workingDays',
    );
  });

  it('keeps a version of a rule it does not know for the start-up check to name', () => {
    const book = new RuleBook([...DEFAULT_RULE_VERSIONS, { ...late, ruleId: 'teleported-asset', params: {} }]);
    expect(book.ruleIds()).toContain('teleported-asset');
  });

  it('gives a rule its own params, typed', () => {
    const book = new RuleBook(DEFAULT_RULE_VERSIONS);
    const { params } = book.at('split-payouts', 'U-1', Date.parse('2025-03-03T00:00:00+07:00'));
    expect(params.approvalThresholdVnd + params.count + params.days).toBe(100_000_005);
  });
});
