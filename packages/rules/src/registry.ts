/**
 * What the rules may know of the registry (EVENTS.md, registry events): officers with their
 * declared relations and bank accounts, parties with theirs. The latest event per id wins.
 */
export interface OfficerEntry {
  officerId: string;
  unitId: string;
  name: string;
  role: string;
  relatedPartyIds: string[];
  bankAccountHashes: string[];
}

export interface PartyEntry {
  partyId: string;
  bankAccountHashes: string[];
}

export interface RegistryView {
  officer(officerId: string): OfficerEntry | undefined;
  party(partyId: string): PartyEntry | undefined;
  /** Officers who declared this bank account hash as their own. */
  officersWithAccount(hash: string): string[];
}

/** The registry held in memory, fed with registry events in order. */
export class InMemoryRegistry implements RegistryView {
  private readonly officers = new Map<string, { at: number; entry: OfficerEntry }>();
  private readonly parties = new Map<string, { at: number; entry: PartyEntry }>();
  private readonly accounts = new Map<string, Set<string>>();

  /** Applies one registry event; an event older than the one held for the id is ignored. */
  apply(type: string, at: number, data: Record<string, unknown>): void {
    if (type === 'registry.officer') {
      const entry = data as unknown as OfficerEntry;
      const prev = this.officers.get(entry.officerId);
      if (prev && prev.at > at) return;
      for (const h of prev?.entry.bankAccountHashes ?? []) this.accounts.get(h)?.delete(entry.officerId);
      this.officers.set(entry.officerId, { at, entry });
      for (const h of entry.bankAccountHashes) {
        const set = this.accounts.get(h) ?? new Set<string>();
        set.add(entry.officerId);
        this.accounts.set(h, set);
      }
    } else if (type === 'registry.party') {
      const entry = data as unknown as PartyEntry;
      const prev = this.parties.get(entry.partyId);
      if (prev && prev.at > at) return;
      this.parties.set(entry.partyId, { at, entry });
    }
  }

  officer(officerId: string): OfficerEntry | undefined {
    return this.officers.get(officerId)?.entry;
  }

  party(partyId: string): PartyEntry | undefined {
    return this.parties.get(partyId)?.entry;
  }

  officersWithAccount(hash: string): string[] {
    return [...(this.accounts.get(hash) ?? [])].sort();
  }

  get size(): number {
    return this.officers.size + this.parties.size;
  }
}
