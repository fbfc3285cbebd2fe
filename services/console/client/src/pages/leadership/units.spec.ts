import { unitsBelow } from './units';

describe('units the heat map shows beside the selected one', () => {
  const scope = [
    { unitId: 'DT' },
    { unitId: 'DT-KV01', parentUnitId: 'DT' },
    { unitId: 'DT-KV01-T1', parentUnitId: 'DT-KV01' },
    { unitId: 'DT-KV02', parentUnitId: 'DT' },
  ];

  it('shows the units directly below the selected one, in the order listed', () => {
    expect(unitsBelow('DT', scope)).toEqual(['DT-KV01', 'DT-KV02']);
    expect(unitsBelow('DT-KV01', scope)).toEqual(['DT-KV01-T1']);
  });

  it('shows none beside a unit with nothing below, or one outside the list', () => {
    expect(unitsBelow('DT-KV02', scope)).toEqual([]);
    expect(unitsBelow('HN', scope)).toEqual([]);
  });
});
