import { UnitTree, type Unit } from './unit-tree';
import type { Relations } from './conflicts';

/** An officer as the registry describes them (`registry.officer`). */
export interface Officer {
  officerId: string;
  unitId: string;
  name?: string;
  role?: string;
  /** Declared relatives and associates (party or officer ids). */
  relatedPartyIds: string[];
}

/** One consistent look at the organisation: the unit tree, the officers, their relations. */
export class OrgSnapshot {
  readonly tree: UnitTree;
  readonly relations: Relations;
  private readonly officersById: ReadonlyMap<string, Officer>;
  private readonly unitsById: ReadonlyMap<string, Unit>;

  constructor(units: readonly Unit[], officers: readonly Officer[]) {
    this.tree = new UnitTree(units);
    this.unitsById = new Map(units.map((u) => [u.unitId, u]));
    this.officersById = new Map(officers.map((o) => [o.officerId, o]));
    this.relations = new Map(officers.map((o) => [o.officerId, o.relatedPartyIds]));
  }

  officer(officerId: string): Officer | undefined {
    return this.officersById.get(officerId);
  }

  unit(unitId: string): Unit | undefined {
    return this.unitsById.get(unitId);
  }

  get units(): Unit[] {
    return [...this.unitsById.values()];
  }

  get officers(): Officer[] {
    return [...this.officersById.values()];
  }
}

/** Where services read the organisation from (a store-backed view, or a fixed one in tests). */
export interface OrgSource {
  snapshot(): Promise<OrgSnapshot>;
}
