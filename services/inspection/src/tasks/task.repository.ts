import mongoose, { type Connection, type Model } from 'mongoose';
import { onlyDuplicateKeys } from '../store/store-client';
import { InspectionTaskSchema, type InspectionTask } from './task.schema';

/** Statuses in which an inspection is still open (later findings on its case or officer join it). */
export const OPEN_STATUSES = ['open', 'triaged', 'under_inspection'];

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
      this.tasks.find(filter, { message: 0 }).sort({ findingDetectedAt: -1, _id: 1 }).skip(skip).limit(limit).lean<InspectionTask[]>().exec(),
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

  /** The open inspection (lead finding) on the same case or about the same officer, if any. */
  async openInspectionFor(task: Pick<InspectionTask, '_id' | 'caseId' | 'officerId'>): Promise<InspectionTask | null> {
    const or: Record<string, unknown>[] = [];
    if (task.caseId) or.push({ caseId: task.caseId });
    if (task.officerId) or.push({ officerId: task.officerId });
    if (or.length === 0) return null;
    return this.tasks.findOne({ isLead: true, findingStatus: { $in: OPEN_STATUSES }, _id: { $ne: task._id }, $or: or })
      .sort({ createdAt: 1, _id: 1 }).lean<InspectionTask>().exec();
  }

  /** Makes `findingId` part of the inspection led by `lead` (only if it is in none yet). */
  async join(findingId: string, lead: InspectionTask, at: Date): Promise<boolean> {
    const res = await this.tasks.updateOne(
      { _id: findingId, inspectionId: { $exists: false } },
      { $set: { inspectionId: lead._id, isLead: false, joinedAt: at, ...(lead.assignee ? { assignee: lead.assignee, assignedAt: at } : {}) } },
    ).exec();
    return res.modifiedCount === 1;
  }

  /** Records that `findingId` leads its own inspection, still waiting for an inspector (with why). */
  async markWaiting(findingId: string, reason: string): Promise<void> {
    await this.tasks.updateOne({ _id: findingId }, { $set: { inspectionId: findingId, isLead: true, waitingReason: reason } }).exec();
  }

  /** Gives the inspection led by `leadId` (and its joined findings) to `assignee`; the lead also gets its SLA times. */
  async assign(leadId: string, assignee: string, at: Date, sla?: { remindAt: Date; dueAt: Date }): Promise<void> {
    await this.tasks.updateOne({ _id: leadId }, { $set: { inspectionId: leadId, isLead: true, assignee, assignedAt: at, status: 'assigned', ...(sla ?? {}) }, $unset: { waitingReason: 1 } }).exec();
    await this.tasks.updateMany({ inspectionId: leadId, isLead: false }, { $set: { assignee, assignedAt: at, status: 'assigned' } }).exec();
  }

  /** The findings of an inspection, lead first. */
  async members(inspectionId: string): Promise<InspectionTask[]> {
    return this.tasks.find({ inspectionId }).sort({ isLead: -1, findingDetectedAt: 1 }).lean<InspectionTask[]>().exec();
  }

  /** Open inspections per inspector, with when each got the latest one. */
  async loads(): Promise<Map<string, { load: number; lastAssignedAt: number }>> {
    const open = await this.tasks.find({ isLead: true, findingStatus: { $in: OPEN_STATUSES }, assignee: { $exists: true } }, { assignee: 1, assignedAt: 1 }).lean<InspectionTask[]>().exec();
    const out = new Map<string, { load: number; lastAssignedAt: number }>();
    for (const t of open) {
      const cur = out.get(t.assignee!) ?? { load: 0, lastAssignedAt: 0 };
      out.set(t.assignee!, { load: cur.load + 1, lastAssignedAt: Math.max(cur.lastAssignedAt, t.assignedAt?.getTime() ?? 0) });
    }
    return out;
  }

  /** Sets `field` (remindedAt, escalatedAt) once; false when it was set already. */
  async markOnce(findingId: string, field: 'remindedAt' | 'escalatedAt', at: Date): Promise<boolean> {
    const res = await this.tasks.updateOne({ _id: findingId, [field]: { $exists: false } }, { $set: { [field]: at } }).exec();
    return res.modifiedCount === 1;
  }

  /** Findings about one officer (newest first), within `units`. */
  async byOfficer(officerId: string, units: string[], limit: number): Promise<InspectionTask[]> {
    return this.tasks.find({ officerId, unitId: { $in: units } }).sort({ findingDetectedAt: -1, _id: 1 }).limit(limit).lean<InspectionTask[]>().exec();
  }

  /** Declared relations of every officer in the registry: officer → related ids. */
  async relations(): Promise<Map<string, string[]>> {
    const docs = await this.conn?.db?.collection<{ data: { officerId: string; relatedPartyIds?: string[] } }>('registry').find({ type: 'registry.officer' }).toArray();
    return new Map((docs ?? []).map((d) => [d.data.officerId, d.data.relatedPartyIds ?? []]));
  }

  /** An officer's registry record (unit, name, role), if the registry has it. */
  async officer(officerId: string): Promise<{ officerId: string; unitId: string; name?: string; role?: string } | null> {
    const doc = await this.conn?.db?.collection<{ _id: string; data: { officerId: string; unitId: string; name?: string; role?: string } }>('registry').findOne({ _id: `officer:${officerId}` });
    return doc ? { officerId: doc.data.officerId, unitId: doc.data.unitId, name: doc.data.name, role: doc.data.role } : null;
  }

  /**
   * The finding as it came on the findings topic (title, explanation, legal basis, evidence);
   * for a task made before messages were kept, the detector's stored copy.
   */
  async finding(task: Pick<InspectionTask, '_id' | 'message'>): Promise<Record<string, unknown> | null> {
    if (task.message) return JSON.parse(task.message) as Record<string, unknown>;
    const doc = await this.conn?.db?.collection<{ _id: string }>('findings').findOne({ _id: task._id });
    if (!doc) return null;
    const { _id: _i, createdAt: _c, published: _p, ...message } = doc as Record<string, unknown>;
    return message;
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
