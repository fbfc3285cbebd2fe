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

  /** Creates the tasks that do not exist yet; existing ones are left untouched. */
  async createMissing(tasks: InspectionTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await this.tasks.bulkWrite(
      tasks.map((t) => ({ updateOne: { filter: { _id: t._id }, update: { $setOnInsert: t }, upsert: true } })),
      { ordered: false },
    );
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
