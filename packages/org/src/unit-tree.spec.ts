import { UnitTree } from './unit-tree';
import { personalConflict, sameUnit } from './conflicts';

const tree = new UnitTree([
  { unitId: 'DT' },
  { unitId: 'DT-KV01', parentUnitId: 'DT' },
  { unitId: 'DT-KV02', parentUnitId: 'DT' },
  // Bad data: a cycle must end the walk, not hang it.
  { unitId: 'X', parentUnitId: 'Y' },
  { unitId: 'Y', parentUnitId: 'X' },
]);

describe('unit scope', () => {
  it('lets the province see its area offices and an area office only itself', () => {
    expect(tree.inScope('DT', 'DT-KV01')).toBe(true);
    expect(tree.inScope('DT-KV01', 'DT-KV01')).toBe(true);
    expect(tree.inScope('DT-KV01', 'DT')).toBe(false);
    expect(tree.inScope('DT-KV01', 'DT-KV02')).toBe(false);
    expect(tree.scopeOf('DT').sort()).toEqual(['DT', 'DT-KV01', 'DT-KV02']);
    expect(tree.scopeOf('DT-KV02')).toEqual(['DT-KV02']);
  });

  it('keeps a unit the registry does not know in its own scope only', () => {
    expect(tree.scopeOf('NEW')).toEqual(['NEW']);
    expect(tree.inScope('DT', 'NEW')).toBe(false);
  });

  it('ends the walk on a cycle in the registry', () => {
    expect(tree.inScope('DT', 'X')).toBe(false);
    expect(tree.chainAbove('X')).toEqual(['X', 'Y']);
    expect(tree.chainAbove('DT-KV01')).toEqual(['DT-KV01', 'DT']);
  });
});

describe('conflicts of interest', () => {
  const relations = new Map([
    ['OFF-1', ['OFF-9']],
    ['OFF-2', []],
  ]);
  it('names the officer concerned and a declared relation in either direction', () => {
    expect(
      personalConflict({ unitId: 'DT', officerId: 'OFF-1' }, { unitId: 'DT-KV01', officerId: 'OFF-1' }, relations),
    ).toBe('is the officer concerned');
    expect(
      personalConflict({ unitId: 'DT', officerId: 'OFF-1' }, { unitId: 'DT-KV01', officerId: 'OFF-9' }, relations),
    ).toBe('declared a relation to officer OFF-9');
    expect(
      personalConflict({ unitId: 'DT', officerId: 'OFF-9' }, { unitId: 'DT-KV01', officerId: 'OFF-1' }, relations),
    ).toBe('officer OFF-1 declared a relation to them');
    expect(
      personalConflict({ unitId: 'DT', officerId: 'OFF-2' }, { unitId: 'DT-KV01', officerId: 'OFF-1' }, relations),
    ).toBeUndefined();
    expect(personalConflict({ unitId: 'DT' }, { unitId: 'DT-KV01', officerId: 'OFF-1' }, relations)).toBeUndefined();
  });

  it('tells the unit concerned apart', () => {
    expect(sameUnit({ unitId: 'DT-KV01' }, { unitId: 'DT-KV01' })).toBe(true);
    expect(sameUnit({ unitId: 'DT' }, { unitId: 'DT-KV01' })).toBe(false);
  });
});
