import { scopeUnits, unitsBelow } from './units';

describe('units the dashboard offers', () => {
  it("lists the user's own unit first, then the others once each in natural order", () => {
    expect(scopeUnits('DT', ['DT-KV10', 'DT-KV02', 'DT', 'DT-KV02', 'DT-KV01'])).toEqual([
      'DT',
      'DT-KV01',
      'DT-KV02',
      'DT-KV10',
    ]);
    expect(scopeUnits('DT-KV03', [])).toEqual(['DT-KV03']);
  });

  it("shows the area offices beside the user's own unit, and nothing beside an office", () => {
    const scope = ['DT', 'DT-KV01', 'DT-KV02'];
    expect(unitsBelow('DT', 'DT', scope)).toEqual(['DT-KV01', 'DT-KV02']);
    expect(unitsBelow('DT-KV01', 'DT', scope)).toEqual([]);
  });
});
