import type { ScopeUnit } from '../../api/units';

/**
 * The units the heat map shows beside the selected one: its units directly below (the provincial
 * agency's area offices: the tree is two levels deep since 1/7/2025, DOMAIN.md), in the order
 * `GET /api/units` lists them; none for a unit with nothing below. Pure, unit-tested.
 */
export function unitsBelow(selected: string, scope: readonly Pick<ScopeUnit, 'unitId' | 'parentUnitId'>[]): string[] {
  return scope.filter((u) => u.parentUnitId === selected).map((u) => u.unitId);
}
