import {
  generalInForce,
  startingParams,
  stepOf,
  timeline,
  versionBody,
  versionState,
  type RuleEntry,
  type Version,
} from './rules-model';

const basis = { vi: 'Điều 36', en: 'Art. 36' };
const v = (version: number, effectiveFrom: string, extra: Partial<Version> = {}): Version => ({
  versionId: `late-decision@${version}${extra.unitId ? `@${extra.unitId}` : ''}`,
  version,
  effectiveFrom,
  severity: 'medium',
  legalBasis: basis,
  params: { workingDays: 5 },
  inForce: false,
  ...extra,
});
const rule: RuleEntry = {
  ruleId: 'late-decision',
  firesWhen: { vi: '…', en: '…' },
  params: [{ name: 'workingDays', kind: 'days', min: 0, max: 3650, integer: true }],
  versions: [
    v(3, '2026-07-01', { params: { workingDays: 7 } }),
    v(1, '2000-01-01'),
    v(2, '2025-01-01', { inForce: true, params: { workingDays: 6 } }),
    v(4, '2025-06-01', { unitId: 'DT-KV01', inForce: true, params: { workingDays: 9 } }),
  ],
};

describe('the rule book page', () => {
  it('puts versions on a timeline in the order they take effect and says where each stands today', () => {
    expect(timeline(rule).map((x) => x.version)).toEqual([1, 2, 4, 3]);
    expect(timeline(rule).map((x) => versionState(x, '2026-03-10'))).toEqual(['past', 'current', 'current', 'future']);
  });

  it('starts a new version from the thresholds every unit has today', () => {
    expect(generalInForce(rule)?.version).toBe(2);
    expect(startingParams(rule)).toEqual({ workingDays: 6 });
    expect(startingParams({ ...rule, versions: [v(1, '2030-01-01')] })).toEqual({ workingDays: 5 });
  });

  it('moves a share by hundredths and a count by one', () => {
    expect([
      stepOf(rule.params[0]!),
      stepOf({ name: 'maxCutShare', kind: 'share', min: 0, max: 1, integer: false }),
    ]).toEqual([1, 0.01]);
  });

  it('sends only what the administrator gave: no blank unit, severity or legal basis', () => {
    expect(
      versionBody(
        { effectiveFrom: '2026-04-01', unitId: '  ', params: { workingDays: 7, stray: 1 }, reason: ' Luật mới ' },
        rule.params,
      ),
    ).toEqual({ effectiveFrom: '2026-04-01', params: { workingDays: 7 }, reason: 'Luật mới' });
    expect(
      versionBody(
        {
          effectiveFrom: '2026-04-01',
          unitId: 'DT-KV01',
          params: { workingDays: 7 },
          severity: 'high',
          legalBasisVi: 'Điều 33',
          reason: 'r',
        },
        rule.params,
      ),
    ).toEqual({
      effectiveFrom: '2026-04-01',
      unitId: 'DT-KV01',
      params: { workingDays: 7 },
      severity: 'high',
      legalBasis: { vi: 'Điều 33', en: 'Điều 33' },
      reason: 'r',
    });
  });
});
