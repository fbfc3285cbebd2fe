import { dayFromIso, isIsoDay, startOfDay } from './calendar/calendar';
import { DEFAULT_RULE_VERSIONS, PARAM_KINDS, RULE_PARAM_NAMES, type StoredRuleVersion } from './catalogue';
import { CaseEngine } from './engine';
import { RuleBook, versionIdOf } from './rulebook';
import { paramSpecs, proposeVersion, versionsInForce, type VersionProposal } from './rulebook-changes';

const today = dayFromIso('2026-03-10');
const book: readonly StoredRuleVersion[] = DEFAULT_RULE_VERSIONS;

function refusalOf(p: VersionProposal) {
  if (p.ok) throw new Error(`expected a refusal, got version ${p.version.version}`);
  return p.refusal;
}

describe('an administrator adding a rule version', () => {
  it('gives the next version number of the rule, and takes severity and legal basis from the version it follows', () => {
    const p = proposeVersion(book, 'late-decision', { effectiveFrom: '2026-04-01', params: { workingDays: 7 } }, today);
    expect(p).toEqual({
      ok: true,
      version: {
        ruleId: 'late-decision',
        version: 3,
        effectiveFrom: '2026-04-01',
        severity: 'medium',
        legalBasis: DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'late-decision' && v.version === 1)!.legalBasis,
        params: { workingDays: 7 },
      },
    });
  });

  it('numbers a unit override after every version of the rule and keeps the severity it is given', () => {
    const override: StoredRuleVersion = {
      ...DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'payout-overdue' && v.version === 2)!,
      version: 5,
      unitId: 'DT-KV01',
    };
    const p = proposeVersion(
      [...book, override],
      'payout-overdue',
      {
        effectiveFrom: '2026-08-01',
        unitId: 'DT-KV02',
        params: { days: 15, criticalFromVnd: 1e9 },
        severity: 'critical',
      },
      today,
    );
    expect(p.ok && [p.version.version, p.version.unitId, p.version.severity]).toEqual([6, 'DT-KV02', 'critical']);
  });

  it('refuses today and earlier days, naming the earliest day it accepts', () => {
    for (const effectiveFrom of ['2026-03-10', '2026-03-09', '2020-01-01'])
      expect(
        refusalOf(proposeVersion(book, 'late-decision', { effectiveFrom, params: { workingDays: 7 } }, today)),
      ).toEqual({
        kind: 'not-future',
        effectiveFrom,
        earliest: '2026-03-11',
      });
  });

  it('refuses a day that is not on the calendar', () => {
    expect(
      refusalOf(
        proposeVersion(book, 'late-decision', { effectiveFrom: '2026-02-30', params: { workingDays: 7 } }, today),
      ),
    ).toEqual({
      kind: 'invalid',
      field: 'effectiveFrom',
      reason: 'a day of the calendar, YYYY-MM-DD',
    });
  });

  it('names the threshold that is missing, unknown to the rule, or outside its kind', () => {
    const ask = (params: Record<string, unknown>, ruleId = 'late-decision') =>
      refusalOf(proposeVersion(book, ruleId, { effectiveFrom: '2026-04-01', params }, today));
    expect(ask({})).toEqual({
      kind: 'invalid',
      field: 'params.workingDays',
      reason: 'required: a whole number of days from 0 to 3650',
    });
    expect(ask({ workingDays: 5, workingDay: 5 })).toMatchObject({ field: 'params.workingDay' });
    expect(ask({ workingDays: -1 })).toMatchObject({ field: 'params.workingDays' });
    expect(ask({ workingDays: 2.5 })).toMatchObject({ field: 'params.workingDays' });
    expect(ask({ workingDays: '5' })).toMatchObject({ field: 'params.workingDays' });
    expect(ask({ minShareOfValuation: 1.2 }, 'auction-below-valuation')).toEqual({
      kind: 'invalid',
      field: 'params.minShareOfValuation',
      reason: 'a share from 0 to 1 (0.7 is 70%)',
    });
    expect(ask({ count: 0, days: 2, approvalThresholdVnd: 1 }, 'split-payouts')).toMatchObject({
      field: 'params.count',
    });
  });

  it('answers a rule the code does not know as such', () => {
    expect(
      refusalOf(proposeVersion(book, 'teleported-asset', { effectiveFrom: '2026-04-01', params: {} }, today)),
    ).toEqual({
      kind: 'unknown-rule',
      ruleId: 'teleported-asset',
    });
  });

  it('gives a version that the start-up check of the engine accepts, and that the book then applies from its day', () => {
    const p = proposeVersion(book, 'late-decision', { effectiveFrom: '2026-04-01', params: { workingDays: 9 } }, today);
    if (!p.ok) throw new Error('refused');
    const engine = new CaseEngine([...book, p.version]);
    const at = (day: string) => engine.book.at('late-decision', 'DT', startOfDay(dayFromIso(day))).params.workingDays;
    expect([at('2026-03-31'), at('2026-04-01')]).toEqual([5, 9]);
  });
});

describe('the rule book at start-up and while running', () => {
  const late = DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'late-decision')!;

  it('refuses a stored threshold outside its kind, naming rule, version, param and what it must be', () => {
    expect(() => new RuleBook([...book, { ...late, version: 3, params: { workingDays: -2 } }])).toThrow(
      'late-decision version 3 has workingDays = -2, which is not a whole number of days from 0 to 3650',
    );
  });

  it('swaps the book of a running engine, and keeps the old one when the new set fails the start-up check', () => {
    const engine = new CaseEngine(book);
    const at = Date.parse('2026-05-01T00:00:00+07:00');
    engine.useVersions([...book, { ...late, version: 3, effectiveFrom: '2026-04-01', params: { workingDays: 8 } }]);
    expect(engine.book.at('late-decision', 'DT', at).params.workingDays).toBe(8);
    expect(() => engine.useVersions(book.filter((v) => v.ruleId !== 'stagnant-case'))).toThrow(/stagnant-case/);
    expect(engine.book.at('late-decision', 'DT', at).params.workingDays).toBe(8);
  });

  it('describes every threshold with its kind and limits', () => {
    expect(paramSpecs('auction-below-valuation')).toEqual([
      { name: 'minShareOfValuation', kind: 'share', min: 0, max: 1, integer: false },
    ]);
    const named = new Set(Object.values(RULE_PARAM_NAMES).flat());
    expect([...named].sort()).toEqual(Object.keys(PARAM_KINDS).sort());
  });

  it('marks the versions in force: the general one, and a unit override only while it is newer', () => {
    const v = (version: number, effectiveFrom: string, unitId?: string): StoredRuleVersion => ({
      ...late,
      version,
      effectiveFrom,
      ...(unitId ? { unitId } : {}),
    });
    const versions = [
      ...book.filter((x) => x.ruleId !== 'late-decision'),
      v(1, '2000-01-01'),
      v(2, '2026-01-01'),
      v(3, '2025-06-01', 'DT-KV01'),
      v(4, '2026-02-01', 'DT-KV02'),
      v(5, '2027-01-01'),
    ];
    const inForce = [...versionsInForce(versions, Date.parse('2026-03-10T09:00:00+07:00'))].filter((id) =>
      id.startsWith('late-decision@'),
    );
    expect(inForce.sort()).toEqual(['late-decision@2', 'late-decision@4@DT-KV02']);
    expect(versionIdOf(v(4, '2026-02-01', 'DT-KV02'))).toBe('late-decision@4@DT-KV02');
  });

  it('knows a calendar day from a string that only looks like one', () => {
    expect([isIsoDay('2024-02-29'), isIsoDay('2025-02-29'), isIsoDay('2025-1-01'), isIsoDay('2025-13-01')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
