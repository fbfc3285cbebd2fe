/** A unit as the registry describes it (`registry.unit`). */
export interface Unit {
  unitId: string;
  name?: string;
  level?: string;
  parentUnitId?: string;
}

/**
 * The unit tree (since 1/7/2025: the provincial agency above its area offices; older units keep
 * their place, so a case opened in a district office in 2024 stays there). Scope: a user sees
 * their own unit and every unit below it — the province its area offices, an area office only
 * itself.
 */
export class UnitTree {
  private readonly parents: ReadonlyMap<string, string | undefined>;

  constructor(units: Iterable<Pick<Unit, 'unitId' | 'parentUnitId'>>) {
    this.parents = new Map([...units].map((u) => [u.unitId, u.parentUnitId]));
  }

  has(unitId: string): boolean {
    return this.parents.has(unitId);
  }

  get size(): number {
    return this.parents.size;
  }

  /** Whether `unitId` is `viewerUnitId` or lies below it. Cycles in bad registry data end the walk. */
  inScope(viewerUnitId: string, unitId: string): boolean {
    const seen = new Set<string>();
    for (let u: string | undefined = unitId; u !== undefined && !seen.has(u); u = this.parents.get(u)) {
      if (u === viewerUnitId) return true;
      seen.add(u);
    }
    return false;
  }

  /** Every known unit in `viewerUnitId`'s scope, the viewer's own unit always included. */
  scopeOf(viewerUnitId: string): string[] {
    const units = [...this.parents.keys()].filter((u) => this.inScope(viewerUnitId, u));
    return units.includes(viewerUnitId) ? units : [...units, viewerUnitId];
  }

  /** The unit and the units above it, nearest first (the chain of command over a unit). */
  chainAbove(unitId: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (let u: string | undefined = unitId; u !== undefined && !seen.has(u); u = this.parents.get(u)) {
      out.push(u);
      seen.add(u);
    }
    return out;
  }
}
