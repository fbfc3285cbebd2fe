/**
 * The units the dashboard offers, from what the console can read. No service answers the unit
 * tree (see the report of issue 14): the user's own unit comes from the session, the units
 * below it from the findings the inspection API lists within the user's scope. Pure, unit-tested.
 */

/** Natural order: DT-KV2 before DT-KV10. */
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** The user's own unit first, then every other unit seen within their scope, once each, in natural order. */
export function scopeUnits(own: string, seen: Iterable<string>): string[] {
  const others = [...new Set(seen)].filter((u) => u !== own).sort(collator.compare);
  return [own, ...others];
}

/**
 * The units the heat map shows beside the selected one: with the user's own unit selected, the
 * other units of the scope (its area offices: the tree is two levels deep since 1/7/2025,
 * DOMAIN.md); with an area office selected, none.
 */
export function unitsBelow(selected: string, own: string, scope: readonly string[]): string[] {
  return selected === own ? scope.filter((u) => u !== own) : [];
}
