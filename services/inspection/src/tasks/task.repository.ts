import mongoose, { type Connection, type Model } from 'mongoose';
import { InspectionTaskSchema, type InspectionTask } from './task.schema';

export class TaskRepository {
  private conn?: Connection;
  private model?: Model<InspectionTask>;

  constructor(private readonly url: string, private readonly dbName: string) {}

  async connect(): Promise<void> {
    if (this.conn) return;
    const conn = await mongoose.createConnection(this.url, { dbName: this.dbName, serverSelectionTimeoutMS: 5000, retryWrites: false }).asPromise();
    this.conn = conn;
    this.model = conn.model<InspectionTask>('InspectionTask', InspectionTaskSchema);
    await this.model.createIndexes();
  }

  private get tasks(): Model<InspectionTask> {
    if (!this.model) throw new Error('store not connected');
    return this.model;
  }

  /**
   * Creates the tasks that do not exist yet; existing ones are left untouched. Plain inserts
   * where a duplicate id means "already there": on FerretDB v1 an upsert scans the collection
   * per statement and an update command of 100 statements deadlocks (ADR 0005).
   */
  async createMissing(tasks: InspectionTask[]): Promise<void> {
    if (tasks.length === 0) return;
    try {
      await this.tasks.insertMany(tasks, { ordered: false });
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
    }
  }

  async find(findingId: string): Promise<InspectionTask | null> {
    return this.tasks.findById(findingId).lean<InspectionTask>().exec();
  }

  /** A page of tasks matching `filter`, newest detection first, with the total count. */
  async list(filter: Record<string, unknown>, skip: number, limit: number): Promise<{ total: number; items: InspectionTask[] }> {
    const [total, items] = await Promise.all([
      this.tasks.countDocuments(filter).exec(),
      this.tasks.find(filter).sort({ findingDetectedAt: -1, _id: 1 }).skip(skip).limit(limit).lean<InspectionTask[]>().exec(),
    ]);
    return { total, items };
  }

  /**
   * Moves a finding from `from` to the next status with `set`; false when its status was no
   * longer `from` (someone else moved it first).
   */
  async transition(findingId: string, from: string, set: Record<string, unknown>): Promise<boolean> {
    const res = await this.tasks.updateOne({ _id: findingId, findingStatus: from }, { $set: set }).exec();
    return res.modifiedCount === 1;
  }

  /** The finding as the detector stored it (title, explanation, legal basis, evidence). */
  async finding(findingId: string): Promise<Record<string, unknown> | null> {
    const doc = await this.conn?.db?.collection<{ _id: string }>('findings').findOne({ _id: findingId });
    return (doc as Record<string, unknown> | null | undefined) ?? null;
  }

  /** Units as the registry describes them: unit → parent. */
  async unitParents(): Promise<Map<string, string | undefined>> {
    const docs = await this.conn?.db?.collection<{ data: { unitId: string; parentUnitId?: string } }>('registry').find({ type: 'registry.unit' }).toArray();
    return new Map((docs ?? []).map((d) => [d.data.unitId, d.data.parentUnitId]));
  }

  async ping(): Promise<boolean> {
    try {
      await this.conn?.db?.command({ ping: 1 });
      return this.conn !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.conn?.close();
    this.conn = undefined;
  }
}

/** A bulk insert whose only failures are ids that exist already (code 11000). */
function onlyDuplicateKeys(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown };
  if (e.writeErrors === undefined) return e.code === 11000;
  const list = Array.isArray(e.writeErrors) ? (e.writeErrors as { code?: unknown; err?: { code?: unknown } }[]) : [e.writeErrors as { code?: unknown }];
  return list.length > 0 && list.every((w) => (w.code ?? (w as { err?: { code?: unknown } }).err?.code) === 11000);
}
