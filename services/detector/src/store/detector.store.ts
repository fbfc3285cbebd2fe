import {
  MongoBulkWriteError,
  MongoClient,
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Document,
} from 'mongodb';
import type { FindingMessage } from '@thads/contracts';
import {
  DEFAULT_RULE_VERSIONS,
  OFFICIAL_DAYS_OFF,
  type Fact,
  type SubjectState,
  type OfficialYear,
  type RaisedFinding,
  type StoredRuleVersion,
  versionIdOf,
} from '@thads/rules';
import type { Unit } from '@thads/org';
import type { CaseStream, StoredCase } from '../pipeline/partition-processor';
import { CheckpointLog, onlyDuplicateKeys, writeErrorsOf, type StateFormat } from '@thads/store';

/** Statements per update command (see `bulk`). */
export const UPDATE_CHUNK = 25;

interface FindingDoc extends FindingMessage {
  _id: string;
  createdAt: Date;
}

/**
 * Inserts documents, leaving alone those whose `_id` exists already; returns the indexes of
 * those that existed.
 */
async function insertIgnoringDuplicates<T extends { _id: string }>(
  coll: Collection<T>,
  docs: T[],
): Promise<Set<number>> {
  const existing = new Set<number>();
  if (docs.length === 0) return existing;
  try {
    await coll.insertMany(docs as never, { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
    for (const e of writeErrorsOf(err as MongoBulkWriteError)) existing.add(e.index);
  }
  return existing;
}

/**
 * Cases in a checkpoint: one line each, the id as JSON, a tab, then the at-rest text (which
 * holds no newline or raw tab: it is JSON). Written as the partition keeps them in memory, so
 * a snapshot costs no encoding.
 */
const storedCaseFormat: StateFormat<StoredCase> = {
  item: ([id, text]) => `${JSON.stringify(id)}\t${text}`,
  join: (items) => items.join('\n'),
  parse: (data) =>
    data === ''
      ? []
      : data.split('\n').map((line) => {
          const tab = line.indexOf('\t');
          return [JSON.parse(line.slice(0, tab)) as string, line.slice(tab + 1)];
        }),
};

/** A rule version as stored; one an administrator added says who, when (RFC 3339) and why. */
export interface RuleVersionDoc extends StoredRuleVersion {
  _id: string;
  addedBy?: string;
  addedAt?: string;
  reason?: string;
}

/** A year of official days off as stored; one an administrator replaced says who, when and why. */
export interface CalendarYearDoc extends OfficialYear {
  _id: number;
  changedBy?: string;
  changedAt?: string;
  reason?: string;
}

/**
 * One change to the rule book or the calendar, in the append-only `rule_book_changes`: who (the
 * user and their unit), when, why, and the version added or the year before and after. Its id
 * is fixed by the change (`rule-version:<versionId>`, `calendar-year:<year>@<at>`).
 */
export interface RuleBookChange {
  _id: string;
  at: string;
  actor: string;
  actorUnitId: string;
  action: 'rule-version.added' | 'calendar-year.replaced';
  subject: string;
  reason: string;
  before?: unknown;
  after: unknown;
}

type CaseMeta = { case: number | null; finance: number | null };
type SubjectMeta = { marks: { source: number; at: number }[]; pending: Fact[] };

interface RegistryDoc {
  _id: string;
  type: string;
  at: number;
  eventId: string;
  data: Record<string, unknown>;
}

/**
 * The detector's store: findings, the partitions' state (a checkpoint log per stage), registry.
 * Uses the MongoDB driver directly and only what FerretDB v1 and MongoDB 7/8 both support: no
 * transactions, so every write is idempotent; on the hot path only inserts (FerretDB v1 scans
 * a collection for every update statement).
 */
export class DetectorStore {
  private client?: MongoClient;
  private db?: Db;
  private logs?: { cases: CheckpointLog<StoredCase, CaseMeta>; subjects: CheckpointLog<SubjectState, SubjectMeta> };

  constructor(
    private readonly url: string,
    private readonly dbName: string,
  ) {}

  async connect(): Promise<void> {
    if (this.db) return;
    const client = new MongoClient(this.url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    await client.connect();
    this.client = client;
    this.db = client.db(this.dbName);
    this.logs = {
      cases: new CheckpointLog<StoredCase, CaseMeta>(this.db, 'cases', (s) => s[0], storedCaseFormat),
      subjects: new CheckpointLog(this.db, 'subjects', (s) => s.subject),
    };
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
    this.logs = undefined;
  }

  private get database(): Db {
    if (!this.db) throw new Error('store not connected');
    return this.db;
  }
  /** Ids of findings stored and not yet published: a small collection, emptied as they go out. */
  private get outbox(): Collection<{ _id: string }> {
    return this.database.collection<{ _id: string }>('findings_outbox');
  }
  get findings(): Collection<FindingDoc> {
    return this.database.collection<FindingDoc>('findings');
  }
  private get caseLog(): CheckpointLog<StoredCase, CaseMeta> {
    if (!this.logs) throw new Error('store not connected');
    return this.logs.cases;
  }
  private get subjectLog(): CheckpointLog<SubjectState, SubjectMeta> {
    if (!this.logs) throw new Error('store not connected');
    return this.logs.subjects;
  }
  private get registry(): Collection<RegistryDoc> {
    return this.database.collection<RegistryDoc>('registry');
  }

  /**
   * The rule book: every version of every rule, with its effective date and optional unit.
   * The catalogue shipped in the code is inserted where missing; administrators add versions
   * (a new threshold from a date, a unit's own threshold) as documents here.
   */
  async ruleVersions(): Promise<StoredRuleVersion[]> {
    await this.seed<RuleVersionDoc>(
      'rule_versions',
      DEFAULT_RULE_VERSIONS.map((v) => ({ ...v, _id: versionIdOf(v) })),
    );
    return (await this.ruleVersionDocs()).map(storedVersionOf);
  }

  /** Official days off per year: the table shipped in the code where missing; administrators add years. */
  async calendarYears(): Promise<OfficialYear[]> {
    await this.seed<CalendarYearDoc>(
      'calendar_years',
      OFFICIAL_DAYS_OFF.map((y) => ({ ...y, _id: y.year })),
    );
    return (await this.calendarYearDocs()).map(officialYearOf);
  }

  private get ruleVersionColl(): Collection<RuleVersionDoc> {
    return this.database.collection<RuleVersionDoc>('rule_versions');
  }
  private get calendarYearColl(): Collection<CalendarYearDoc> {
    return this.database.collection<CalendarYearDoc>('calendar_years');
  }
  /** Append-only: who changed the rule book or the calendar, when, why, and what. */
  private get changeColl(): Collection<RuleBookChange> {
    return this.database.collection<RuleBookChange>('rule_book_changes');
  }

  /** The rule book as stored, with who added each version (nothing seeded: see `ruleVersions`). */
  async ruleVersionDocs(): Promise<RuleVersionDoc[]> {
    return this.ruleVersionColl.find().toArray();
  }

  /** The years of days off as stored, with who changed each last. */
  async calendarYearDocs(): Promise<CalendarYearDoc[]> {
    return this.calendarYearColl.find().sort({ _id: 1 }).toArray();
  }

  /**
   * Adds a version; false when its id exists already (another administrator took the number
   * meanwhile). A plain insert: versions are never changed once stored.
   */
  async insertRuleVersion(doc: RuleVersionDoc): Promise<boolean> {
    return (await insertIgnoringDuplicates(this.ruleVersionColl, [doc])).size === 0;
  }

  /** Replaces one year's table (one small document, by `_id`). */
  async putCalendarYear(doc: CalendarYearDoc): Promise<void> {
    await this.calendarYearColl.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /** Records a change; its id is fixed by the change, so recording it again is a no-op. */
  async appendRuleBookChange(change: RuleBookChange): Promise<void> {
    await insertIgnoringDuplicates(this.changeColl, [change]);
  }

  async ruleBookChanges(): Promise<RuleBookChange[]> {
    return this.changeColl.find().sort({ at: 1 }).toArray();
  }

  /** The units of the registry as the registry consumer stored them (for administrators' scope). */
  async units(): Promise<Unit[]> {
    const docs = await this.registry.find({ type: 'registry.unit' }).toArray();
    return docs.map((d) => {
      const { unitId, parentUnitId } = d.data as { unitId: string; parentUnitId?: string };
      return { unitId, ...(parentUnitId ? { parentUnitId } : {}) };
    });
  }

  /**
   * `bulkWrite` of updates and replacements in commands of at most UPDATE_CHUNK statements.
   * FerretDB v1 (SQLite) keeps each statement's query open until its whole command ends, and
   * its connection pool has 100 connections: one command of 100 or more statements, or two
   * large ones at once, waits on itself forever (seen in the benchmark: the detector stalled
   * at the first batch of more than 100 cases). The three consumers of the detector may write
   * at the same time, so each command stays well below a third of the pool.
   */
  private async bulk<T extends Document>(coll: Collection<T>, ops: AnyBulkWriteOperation<T>[]): Promise<string[]> {
    const upserted: string[] = [];
    for (let i = 0; i < ops.length; i += UPDATE_CHUNK) {
      const res = await coll.bulkWrite(ops.slice(i, i + UPDATE_CHUNK), { ordered: false });
      for (const id of Object.values(res.upsertedIds)) upserted.push(String(id));
    }
    return upserted;
  }

  private async seed<T extends { _id: unknown }>(name: string, defaults: T[]): Promise<void> {
    const coll = this.database.collection<T>(name);
    // Every default is inserted if its id is absent: a rule added to the code reaches an existing
    // deployment on its next start, while documents an administrator changed are left alone.
    await this.bulk(
      coll,
      defaults.map((d) => ({
        updateOne: { filter: { _id: d._id } as never, update: { $setOnInsert: d as never }, upsert: true },
      })),
    );
  }

  /**
   * Inserts the findings that do not exist yet and returns the ids that were new. An existing
   * finding is left as it is: a replay or redelivery never resets its workflow status.
   */
  async insertNewFindings(findings: RaisedFinding[]): Promise<string[]> {
    if (findings.length === 0) return [];
    const unique = [...new Map(findings.map((f) => [f.findingId, f])).values()];
    const now = new Date();
    // Outbox entry first: a crash between the two leaves an entry without a finding, which the
    // replayed batch completes; never a new finding without its entry.
    const pending = await insertIgnoringDuplicates(
      this.outbox,
      unique.map((f) => ({ _id: f.findingId })),
    );
    // Plain inserts (an upsert is a collection scan per statement on FerretDB v1): an id that
    // exists already fails with a duplicate key and that finding is left untouched.
    const docs: FindingDoc[] = unique.map((f) => ({ ...f, _id: f.findingId, status: 'open', createdAt: now }));
    const existing = await insertIgnoringDuplicates(this.findings, docs);
    // A finding stored before whose entry was gone was published and taken out of the outbox
    // (its entry goes only after the publish): a batch replayed after a lapsed membership or a
    // store outage raised it again. The entry just made for it would stay until the next start,
    // which would publish the finding again — after the workflow may have moved it on.
    const republished = docs.filter((_, i) => existing.has(i) && !pending.has(i)).map((d) => d._id);
    if (republished.length > 0) await this.markPublished(republished);
    return docs.filter((_, i) => !existing.has(i)).map((d) => d._id);
  }

  /** The findings are on the topic: out of the outbox (statements by `_id`, see `bulk`). */
  async markPublished(ids: string[]): Promise<void> {
    await this.bulk(
      this.outbox,
      ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
    );
  }

  /** Findings stored but not yet on the topic (a crash between the two). */
  async unpublishedFindings(limit = 1000): Promise<FindingMessage[]> {
    const ids = (await this.outbox.find().limit(limit).toArray()).map((d) => d._id);
    if (ids.length === 0) return [];
    const docs = await this.findings.find({ _id: { $in: ids } }).toArray();
    const found = new Set(docs.map((d) => d._id));
    // An entry whose finding was never stored: its batch was not committed and will raise it again.
    const orphans = ids.filter((id) => !found.has(id));
    if (orphans.length) await this.markPublished(orphans);
    if (docs.length === 0 && orphans.length > 0) return this.unpublishedFindings(limit);
    return docs.map(toMessage);
  }

  /** A partition's case states and clocks as the checkpoint log holds them. */
  async loadPartition(p: number): Promise<{ clocks: Record<CaseStream, number>; stored: StoredCase[] }> {
    const { states, meta } = await this.caseLog.load(p);
    const clock = (n: number | null | undefined) => n ?? Number.NEGATIVE_INFINITY;
    return { clocks: { case: clock(meta?.case), finance: clock(meta?.finance) }, stored: states };
  }

  /** Appends the cases changed by a batch and the partition's clocks (`all`: every case, if a snapshot is due). */
  async checkpointPartition(
    p: number,
    clocks: Record<CaseStream, number>,
    changed: StoredCase[],
    all: () => StoredCase[],
  ): Promise<void> {
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    await this.caseLog.append(p, changed, { case: finite(clocks.case), finance: finite(clocks.finance) }, all);
  }

  /** The subject stage of one facts partition: subject states, source marks, facts not yet applied. */
  async loadSubjects(p: number): Promise<{ marks: [number, number][]; subjects: SubjectState[]; pending: Fact[] }> {
    const { states, meta } = await this.subjectLog.load(p);
    return { marks: (meta?.marks ?? []).map((m) => [m.source, m.at]), pending: meta?.pending ?? [], subjects: states };
  }

  async checkpointSubjects(
    p: number,
    cp: { marks: [number, number][]; subjects: SubjectState[]; removed: string[]; pending: Fact[] },
    all: () => SubjectState[],
  ): Promise<void> {
    await this.subjectLog.append(
      p,
      cp.subjects,
      { marks: cp.marks.map(([source, at]) => ({ source, at })), pending: cp.pending },
      all,
      cp.removed,
    );
  }

  /** Keeps the latest registry event per entity (by business time, then event id). */
  async upsertRegistry(
    items: { id: string; type: string; at: number; eventId: string; data: Record<string, unknown> }[],
  ): Promise<void> {
    if (items.length === 0) return;
    // Read-compare-write instead of a conditional upsert: a filter on `at` plus upsert would hit a
    // duplicate key on an older event, and FerretDB reports those differently from MongoDB.
    const existing = new Map(
      (await this.registry.find({ _id: { $in: items.map((i) => i.id) } }).toArray()).map((d) => [d._id, d]),
    );
    const latest = new Map<string, (typeof items)[number]>();
    for (const i of items) {
      const cur = latest.get(i.id) ?? existing.get(i.id);
      if (!cur || i.at > cur.at || (i.at === cur.at && i.eventId >= cur.eventId)) latest.set(i.id, i);
    }
    const ops = [...latest.values()]
      .filter((i) => existing.get(i.id)?.eventId !== i.eventId)
      .map((i) => ({
        replaceOne: {
          filter: { _id: i.id },
          replacement: { type: i.type, at: i.at, eventId: i.eventId, data: i.data },
          upsert: true,
        },
      }));
    await this.bulk(this.registry, ops);
  }
}

/** What the rule book reads of a stored version (who added it is for people, not rules). */
export function storedVersionOf(doc: RuleVersionDoc): StoredRuleVersion {
  const { ruleId, version, effectiveFrom, severity, legalBasis, params, unitId } = doc;
  return { ruleId, version, effectiveFrom, severity, legalBasis, params, ...(unitId ? { unitId } : {}) };
}

/** What the calendar reads of a stored year. */
export function officialYearOf(doc: CalendarYearDoc): OfficialYear {
  const { year, daysOff, workingDays, source } = doc;
  return { year, daysOff, ...(workingDays?.length ? { workingDays } : {}), source };
}

export function toMessage(doc: FindingDoc): FindingMessage {
  // `published` is a field of findings stored before the outbox collection existed.
  const { _id: _ignored, createdAt: _c, published: _p, ...message } = doc as FindingDoc & { published?: boolean };
  return message;
}
