import { UnitTree } from '@thads/org';
import {
  endOf,
  holderOf,
  isActive,
  suppressionConcern,
  untilProblem,
  visibleTo,
  type Suppression,
} from './suppression';

const tree = new UnitTree([
  { unitId: 'DT' },
  { unitId: 'DT-KV01', parentUnitId: 'DT' },
  { unitId: 'DT-KV02', parentUnitId: 'DT' },
]);
const vn = (iso: string) => Date.parse(iso);

const aSuppression = (id: string, over: Partial<Suppression> = {}): Suppression => ({
  id,
  ruleId: 'payout-overdue',
  unitId: 'DT-KV01',
  reason: 'sổ quỹ KV01 nhập sai từ tháng 3',
  until: '2026-03-31',
  endsAt: endOf('2026-03-31'),
  createdBy: 'sup',
  createdAt: vn('2026-03-02T09:00:00+07:00'),
  state: 'active',
  ...over,
});

describe('suppression of findings', () => {
  it('holds through the whole last day, Vietnam time, and no longer', () => {
    expect(endOf('2026-03-31')).toBe(vn('2026-04-01T00:00:00+07:00'));
    const s = aSuppression('S1');
    expect(isActive(s, vn('2026-03-31T23:59:59+07:00'))).toBe(true);
    expect(isActive(s, vn('2026-04-01T00:00:00+07:00'))).toBe(false);
    expect(isActive({ ...s, state: 'lifted' }, vn('2026-03-10T00:00:00+07:00'))).toBe(false);
  });

  it('takes an end date from today to a year ahead, and only a day that exists', () => {
    const now = vn('2026-03-02T23:30:00+07:00');
    expect(untilProblem('2026-03-02', now)).toBeUndefined();
    expect(untilProblem('2027-03-03', now)).toBeUndefined();
    expect(untilProblem('2026-03-01', now)).toBe('the last day held: today (2026-03-02) or later');
    expect(untilProblem('2027-03-04', now)).toBe('at most 366 days ahead (2027-03-03)');
    expect(untilProblem('2026-02-30', now)).toBe('a day that exists, YYYY-MM-DD');
  });

  it('holds a finding of its rule in its unit or below, not of another rule or unit', () => {
    const now = vn('2026-03-10T10:00:00+07:00');
    const province = aSuppression('S-DT', { unitId: 'DT' });
    const office = aSuppression('S-KV01');
    expect(holderOf({ ruleId: 'payout-overdue', unitId: 'DT-KV02' }, [province], tree, now)?.id).toBe('S-DT');
    expect(holderOf({ ruleId: 'payout-overdue', unitId: 'DT-KV02' }, [office], tree, now)).toBeUndefined();
    expect(holderOf({ ruleId: 'late-decision', unitId: 'DT-KV01' }, [office], tree, now)).toBeUndefined();
    expect(holderOf({ ruleId: 'payout-overdue', unitId: 'DT' }, [office], tree, now)).toBeUndefined();
  });

  it('gives a finding covered twice to the suppression that ends last, and skips ended ones', () => {
    const now = vn('2026-03-10T10:00:00+07:00');
    const short = aSuppression('S-short', { until: '2026-03-15', endsAt: endOf('2026-03-15') });
    const long = aSuppression('S-long', { unitId: 'DT', until: '2026-05-31', endsAt: endOf('2026-05-31') });
    const f = { ruleId: 'payout-overdue', unitId: 'DT-KV01' };
    expect(holderOf(f, [short, long], tree, now)?.id).toBe('S-long');
    expect(holderOf(f, [short, { ...long, state: 'lifted' }], tree, now)?.id).toBe('S-short');
    expect(holderOf(f, [short], tree, vn('2026-03-16T00:00:00+07:00'))).toBeUndefined();
  });

  it('never lets a unit suppress findings about itself', () => {
    expect(suppressionConcern('DT', 'DT-KV01', tree)).toBeUndefined();
    expect(suppressionConcern('DT-KV01', 'DT-KV01', tree)).toMatch(/you belong to DT-KV01/);
    expect(suppressionConcern('DT-KV01', 'DT', tree)).toBe(
      'you belong to DT-KV01, inside DT: a unit does not suppress findings about itself',
    );
  });

  it('is seen by users of its unit scope and by those of the units it covers', () => {
    const office = aSuppression('S-KV01');
    const province = aSuppression('S-DT', { unitId: 'DT' });
    expect(visibleTo('DT', office, tree)).toBe(true);
    expect(visibleTo('DT-KV01', office, tree)).toBe(true);
    expect(visibleTo('DT-KV02', office, tree)).toBe(false);
    expect(visibleTo('DT-KV02', province, tree)).toBe(true);
  });
});
