import type { Collection } from 'mongodb';
import type { RegistryEvent } from '@thads/contracts';
import type { Store } from '@thads/store';
import { OrgSnapshot, type Officer, type OrgSource } from './org-view';
import type { Unit } from './unit-tree';

interface UnitDoc extends Unit {
  _id: string;
  eventId: string;
}

interface OfficerDoc extends Officer {
  _id: string;
  eventId: string;
}

/**
 * The registry view a service keeps in its own collections (`org_units`, `org_officers`), fed by
 * its own consumer of `thads.registry-events.v1`: services never read each other's collections.
 * Reads come from a copy in memory that lives `cacheMs` (the registry changes a few times a day;
 * every request reads it). The collections are small, so replacing a document by `_id` is
 * affordable even where FerretDB v1 scans the table for it (ADR 0005).
 */
export class OrgRepository implements OrgSource {
  private cached?: { at: number; snapshot: OrgSnapshot };

  constructor(
    private readonly store: Store,
    private readonly cacheMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private get units(): Collection<UnitDoc> {
    return this.store.collection<UnitDoc>('org_units');
  }

  private get officerDocs(): Collection<OfficerDoc> {
    return this.store.collection<OfficerDoc>('org_officers');
  }

  /**
   * Applies registry events in topic order: the latest event for an id replaces the earlier one
   * (EVENTS.md). Parties, auction organisations and appraisers are not needed here.
   */
  async apply(events: readonly RegistryEvent[]): Promise<void> {
    const units = new Map<string, UnitDoc>();
    const officers = new Map<string, OfficerDoc>();
    for (const e of events) {
      if (e.type === 'registry.unit') {
        const d = e.data;
        units.set(d.unitId, {
          _id: d.unitId,
          eventId: e.eventId,
          unitId: d.unitId,
          name: d.name,
          level: d.level,
          ...(d.parentUnitId ? { parentUnitId: d.parentUnitId } : {}),
        });
      } else if (e.type === 'registry.officer') {
        const d = e.data;
        officers.set(d.officerId, {
          _id: d.officerId,
          eventId: e.eventId,
          officerId: d.officerId,
          unitId: d.unitId,
          name: d.name,
          role: d.role,
          relatedPartyIds: [...d.relatedPartyIds],
        });
      }
    }
    for (const doc of units.values()) await this.units.replaceOne({ _id: doc._id }, doc, { upsert: true });
    for (const doc of officers.values()) await this.officerDocs.replaceOne({ _id: doc._id }, doc, { upsert: true });
    if (units.size + officers.size > 0) this.cached = undefined;
  }

  async snapshot(): Promise<OrgSnapshot> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.snapshot;
    const [units, officers] = await Promise.all([this.units.find().toArray(), this.officerDocs.find().toArray()]);
    const snapshot = new OrgSnapshot(
      units.map(({ _id: _i, eventId: _e, ...u }) => u),
      officers.map(({ _id: _i, eventId: _e, ...o }) => o),
    );
    this.cached = { at: now, snapshot };
    return snapshot;
  }
}
