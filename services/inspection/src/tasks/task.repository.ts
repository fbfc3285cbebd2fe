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
