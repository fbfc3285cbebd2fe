import { MongoClient, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import type { FindingMessage } from '@thads/contracts';
import { DEFAULT_RULE_VERSIONS, OFFICIAL_DAYS_OFF, type CaseState, type Fact, type SubjectState, type OfficialYear, type RaisedFinding, type RuleVersion } from '@thads/rules';
import type { CaseStream } from '../pipeline/partition-processor';

interface FindingDoc extends FindingMessage {
  _id: string;
  published: boolean;
  createdAt: Date;
}

interface CaseDoc {
  _id: string;
  p: number;
  s: CaseState;
}

interface PartitionDoc {
  _id: number;
  clocks: Record<CaseStream, number | null>;
}

interface SubjectPartitionDoc {
  _id: number;
  marks: { source: number; at: number }[];
  pending: Fact[];
}

interface RegistryDoc {
  _id: string;
  type: string;
  at: number;
  eventId: string;
  data: Record<string, unknown>;
}

/**
 * The detector's store: findings, per-case state written behind, partition clocks, registry.
 * Uses the MongoDB driver directly (unordered bulk writes on the hot path) and only what
 * FerretDB v1 and MongoDB 7/8 both support: no transactions, so every write is idempotent.
 */
export class DetectorStore {
  private client?: MongoClient;
  private db?: Db;

  constructor(private readonly url: string, private readonly dbName: string) {}

  async connect(): Promise<void> {
    if (this.db) return;
    const client = new MongoClient(this.url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    await client.connect();
    this.client = client;
    this.db = client.db(this.dbName);
    await this.cases.createIndex({ p: 1 });
    await this.findings.createIndex({ published: 1 });
    await this.findings.createIndex({ unitId: 1, ruleId: 1 });
  }

  async ping(): Promise<boolean> {
    try {
      await this.database.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.db = undefined;
  }

  private get database(): Db {
    if (!this.db) throw new Error('store not connected');
    return this.db;
  }
  get findings(): Collection<FindingDoc> {
    return this.database.collection<FindingDoc>('findings');
  }
  private get cases(): Collection<CaseDoc> {
    return this.database.collection<CaseDoc>('detector_cases');
  }
  private get partitions(): Collection<PartitionDoc> {
    return this.database.collection<PartitionDoc>('detector_partitions');
  }
  private get registry(): Collection<RegistryDoc> {
    return this.database.collection<RegistryDoc>('registry');
  }

  /**
   * The rule book: every version of every rule, with its effective date and optional unit.
   * The catalogue shipped in the code is inserted where missing; administrators add versions
   * (a new threshold from a date, a unit's own threshold) as documents here.
   */
  async ruleVersions(): Promise<RuleVersion[]> {
    return this.seededList<RuleVersion & { _id: string }>('rule_versions', DEFAULT_RULE_VERSIONS.map((v) => ({
      ...v, _id: `${v.ruleId}@${v.version}${v.unitId ? `@${v.unitId}` : ''}`,
    })));
  }

  /** Official days off per year: the table shipped in the code where missing; administrators add years. */
  async calendarYears(): Promise<OfficialYear[]> {
    return this.seededList<OfficialYear & { _id: number }>('calendar_years', OFFICIAL_DAYS_OFF.map((y) => ({ ...y, _id: y.year })));
  }

  private async seededList<T extends { _id: unknown }>(name: string, defaults: T[]): Promise<Omit<T, '_id'>[]> {
    const coll = this.database.collection<T>(name);
    // Every default is inserted if its id is absent: a rule added to the code reaches an existing
    // deployment on its next start, while documents an administrator changed are left alone.
    await coll.bulkWrite(
      defaults.map((d) => ({ updateOne: { filter: { _id: d._id } as never, update: { $setOnInsert: d as never }, upsert: true } })),
      { ordered: false },
    );
    const docs = await coll.find().toArray();
    return docs.map(({ _id: _ignored, ...rest }) => rest as unknown as Omit<T, '_id'>);
  }

  /**
   * Inserts the findings that do not exist yet and returns the ids that were new. An existing
   * finding is left as it is: a replay or redelivery never resets its workflow status.
   */
  async insertNewFindings(findings: RaisedFinding[]): Promise<string[]> {
    if (findings.length === 0) return [];
    const unique = [...new Map(findings.map((f) => [f.findingId, f])).values()];
    const now = new Date();
    const ops: AnyBulkWriteOperation<FindingDoc>[] = unique.map((f) => ({
      updateOne: {
        filter: { _id: f.findingId },
        update: { $setOnInsert: { ...f, _id: f.findingId, status: 'open', published: false, createdAt: now } },
        upsert: true,
      },
    }));
    const res = await this.findings.bulkWrite(ops, { ordered: false });
    return Object.values(res.upsertedIds).map(String);
  }

  async markPublished(ids: string[]): Promise<void> {
    if (ids.length) await this.findings.updateMany({ _id: { $in: ids } }, { $set: { published: true } });
  }

  /** Findings stored but not yet on the topic (a crash between the two): the outbox. */
  async unpublishedFindings(limit = 1000): Promise<FindingMessage[]> {
    const docs = await this.findings.find({ published: false }).limit(limit).toArray();
    return docs.map(toMessage);
  }

  async saveCases(states: CaseState[]): Promise<void> {
    if (states.length === 0) return;
    await this.cases.bulkWrite(
      states.map((s) => ({ replaceOne: { filter: { _id: s.caseId }, replacement: { p: s.p, s }, upsert: true } })),
      { ordered: false },
    );
  }

  async savePartition(p: number, clocks: Record<CaseStream, number>): Promise<void> {
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    await this.partitions.replaceOne(
      { _id: p },
      { clocks: { case: finite(clocks.case), finance: finite(clocks.finance) } },
      { upsert: true },
    );
  }

  async loadPartition(p: number): Promise<{ clocks: Record<CaseStream, number>; cases: CaseState[] }> {
    const doc = await this.partitions.findOne({ _id: p });
    const cases = await this.cases.find({ p }).toArray();
    const clock = (n: number | null | undefined) => n ?? Number.NEGATIVE_INFINITY;
    return {
      clocks: { case: clock(doc?.clocks.case), finance: clock(doc?.clocks.finance) },
      cases: cases.map((c) => c.s),
    };
  }

  /** The subject stage of one facts partition: subject states, source marks, facts not yet applied. */
  async loadSubjects(p: number): Promise<{ marks: [number, number][]; subjects: SubjectState[]; pending: Fact[] }> {
    const doc = await this.database.collection<SubjectPartitionDoc>('detector_subject_partitions').findOne({ _id: p });
    const subjects = await this.database.collection<{ _id: string; p: number; s: SubjectState }>('detector_subjects').find({ p }).toArray();
    return { marks: (doc?.marks ?? []).map((m) => [m.source, m.at]), pending: doc?.pending ?? [], subjects: subjects.map((d) => d.s) };
  }

  async saveSubjects(p: number, cp: { marks: [number, number][]; subjects: SubjectState[]; pending: Fact[] }): Promise<void> {
    if (cp.subjects.length) {
      await this.database.collection<{ _id: string; p: number; s: SubjectState }>('detector_subjects').bulkWrite(
        cp.subjects.map((s) => ({ replaceOne: { filter: { _id: s.subject }, replacement: { p, s }, upsert: true } })),
        { ordered: false },
      );
    }
    // Marks as objects: FerretDB v1 stores no array directly inside an array.
    await this.database.collection<SubjectPartitionDoc>('detector_subject_partitions')
      .replaceOne({ _id: p }, { marks: cp.marks.map(([source, at]) => ({ source, at })), pending: cp.pending }, { upsert: true });
  }

  /** Keeps the latest registry event per entity (by business time, then event id). */
  async upsertRegistry(items: { id: string; type: string; at: number; eventId: string; data: Record<string, unknown> }[]): Promise<void> {
    if (items.length === 0) return;
    // Read-compare-write instead of a conditional upsert: a filter on `at` plus upsert would hit a
    // duplicate key on an older event, and FerretDB reports those differently from MongoDB.
    const existing = new Map((await this.registry.find({ _id: { $in: items.map((i) => i.id) } }).toArray()).map((d) => [d._id, d]));
    const latest = new Map<string, (typeof items)[number]>();
    for (const i of items) {
      const cur = latest.get(i.id) ?? existing.get(i.id);
      if (!cur || i.at > cur.at || (i.at === cur.at && i.eventId >= cur.eventId)) latest.set(i.id, i);
    }
    const ops = [...latest.values()]
      .filter((i) => existing.get(i.id)?.eventId !== i.eventId)
      .map((i) => ({ replaceOne: { filter: { _id: i.id }, replacement: { type: i.type, at: i.at, eventId: i.eventId, data: i.data }, upsert: true } }));
    if (ops.length) await this.registry.bulkWrite(ops, { ordered: false });
  }
}

export function toMessage(doc: FindingDoc): FindingMessage {
  const { _id: _ignored, published: _p, createdAt: _c, ...message } = doc;
  return message;
}
