import type { Collection, Filter } from 'mongodb';
import type { FindingMessage, Severity } from '@thads/contracts';
import { DocumentLocks, insertNew, takeStep, type DocumentLock, type StepClaim, type Store } from '@thads/store';
import type { Conclusion, Dismissal, Referral, Unannounced, WorkedFinding } from './finding';
import type { FindingStatus } from './lifecycle';

/** Statuses in which an inspection is still open (later findings on its case or officer join it). */
export const OPEN_STATUSES: readonly FindingStatus[] = ['open', 'triaged', 'under_inspection'];

/**
 * The stored form (`inspection_tasks`, one per finding id). Field names are kept from the first
 * version of the service so that stored data stays readable; the rest of the service sees
 * `WorkedFinding`.
 */
export interface FindingDoc {
  _id: string;
  jobId: string;
  ruleId: string;
  severity: Severity;
  priority: number;
  unitId: string;
  caseId?: string;
  officerId?: string;
  /** Assignment state of the task: queued until an inspector has it. */
  status: 'queued' | 'assigned';
  findingDetectedAt: string;
  /** The finding message as it came on the topic (JSON text: its figures may hold any keys). */
  message?: string;
  createdAt: Date;
  findingStatus: FindingStatus;
  revision?: number;
  statusChangedAt?: Date;
  conclusion?: Conclusion;
  dismissal?: Dismissal;
  referral?: Referral;
  inspectionId?: string;
  isLead?: boolean;
  joinedAt?: Date;
  assignee?: string;
  assignedAt?: Date;
  waitingReason?: string;
  remindAt?: Date;
  dueAt?: Date;
  remindedAt?: Date;
  escalatedAt?: Date;
  suppressionId?: string;
  suppressedAt?: Date;
  /** The latest revision while it may not have been announced yet (`Unannounced`). */
  unannounced?: Unannounced;
}

function toFinding(d: FindingDoc): WorkedFinding {
  // The store gives back what was written: absent fields are absent (never null).
  const opt = <K extends keyof FindingDoc>(k: K) => (d[k] === undefined ? {} : { [k]: d[k] });
  return {
    findingId: d._id,
    ruleId: d.ruleId,
    severity: d.severity,
    unitId: d.unitId,
    ...opt('caseId'),
    ...opt('officerId'),
    detectedAt: d.findingDetectedAt,
    status: d.findingStatus,
    revision: d.revision ?? 0,
    ...opt('statusChangedAt'),
    ...opt('conclusion'),
    ...opt('dismissal'),
    ...opt('referral'),
    ...opt('inspectionId'),
    ...opt('isLead'),
    ...opt('joinedAt'),
    ...opt('assignee'),
    ...opt('assignedAt'),
    ...opt('waitingReason'),
    ...opt('remindAt'),
    ...opt('dueAt'),
    ...opt('remindedAt'),
    ...opt('escalatedAt'),
    ...opt('suppressionId'),
    ...opt('suppressedAt'),
    ...opt('unannounced'),
    message: d.message ? (JSON.parse(d.message) as FindingMessage) : bareMessage(d),
  };
}

/**
 * A finding recorded without the message it came in (seeded by hand, or older than the service
 * keeping messages): what the record itself says, with no text.
 */
function bareMessage(d: FindingDoc): FindingMessage {
  return {
    findingId: d._id,
    ruleId: d.ruleId,
    ruleVersion: 1,
    severity: d.severity,
    status: 'open',
    unitId: d.unitId,
    ...(d.caseId ? { caseId: d.caseId } : {}),
    ...(d.officerId ? { officerId: d.officerId } : {}),
    detectedAt: d.findingDetectedAt,
    title: { vi: '', en: '' },
    explanation: { vi: '', en: '' },
    legalBasis: '',
    evidence: { eventIds: [], figures: {} },
  };
}

/** What a list of findings may be filtered by (all optional; `units` always applies). */
export interface FindingFilter {
  units: readonly string[];
  ruleId?: string;
  severity?: Severity;
  status?: FindingStatus;
  officerId?: string;
  assignee?: string;
  detectedFrom?: string;
  detectedTo?: string;
  /** Findings held by a suppression: left out, shown too, or only those (absent: shown too). */
  suppressed?: 'exclude' | 'include' | 'only';
  /** Only the findings this suppression holds. */
  suppressionId?: string;
}

/** A status change: what is recorded with it. */
export interface StatusChange {
  to: FindingStatus;
  at: Date;
  revision: number;
  conclusion?: Conclusion;
  dismissal?: Dismissal;
  referral?: Referral;
}

/** The write of one revision of a finding. */
interface RevisionChange {
  /** The status the finding must still have. */
  from?: FindingStatus;
  /** The suppression that must still hold it. */
  heldBy?: string;
  set: Partial<FindingDoc>;
  unset: (keyof FindingDoc)[];
}

export class FindingsRepository {
  /**
   * Every update of a finding holds it first (`DocumentLocks`): on FerretDB v1 two updates of one
   * finding at once lose one (an assignment and a release from a suppression did: ADR 0012).
   */
  private readonly writers = new DocumentLocks(() => this.store.collection<DocumentLock>('inspection_task_locks'));

  constructor(private readonly store: Store) {
    store.onConnect(async (db) => {
      const c = db.collection<FindingDoc>('inspection_tasks');
      await c.createIndex({ unitId: 1 });
      await c.createIndex({ findingStatus: 1 });
      await c.createIndex({ inspectionId: 1 });
      await c.createIndex({ assignee: 1 });
    });
  }

  private get docs(): Collection<FindingDoc> {
    return this.store.collection<FindingDoc>('inspection_tasks');
  }

  /** One claim per revision of a finding (`<findingId>@<revision>`: ADR 0012). */
  private get revisions(): Collection<StepClaim> {
    return this.store.collection<StepClaim>('inspection_revisions');
  }

  /**
   * Moves a finding from revision `revision - 1` to `revision`, for exactly one of the writers
   * racing for that revision (a status change, a release from a suppression): the one whose claim
   * of the revision goes in first. `from`/`heldBy`, when given, must hold too.
   */
  private async takeRevision(findingId: string, revision: number, change: RevisionChange): Promise<boolean> {
    // Held around the claim too: a claim is never left behind by a write that waited in vain.
    return this.writers.write(findingId, () =>
      takeStep({
        claims: this.revisions,
        key: `${findingId}@${revision}`,
        apply: async () => {
          // Revision 0 unchecked: records stored by hand may lack the field.
          const filter: Filter<FindingDoc> = { _id: findingId, ...(revision > 1 ? { revision: revision - 1 } : {}) };
          if (change.from) filter.findingStatus = change.from;
          if (change.heldBy) filter.suppressionId = change.heldBy;
          // The mark's time is the write's: the sweep counts its grace from it.
          const set = change.set.unannounced
            ? { ...change.set, unannounced: { ...change.set.unannounced, markedAt: new Date() } }
            : change.set;
          const res = await this.docs.updateOne(filter, {
            $set: set,
            ...(change.unset.length > 0 ? { $unset: Object.fromEntries(change.unset.map((k) => [k, 1])) } : {}),
          });
          return res.modifiedCount === 1;
        },
      }),
    );
  }

  /**
   * Records the findings that are new; known ones are left untouched. Plain inserts where a
   * duplicate id means "already there": on FerretDB v1 an upsert scans the collection per
   * statement and an update command of 100 statements deadlocks (ADR 0005). A finding that a
   * suppression holds is recorded with its id (and gets no inspection job).
   */
  async createMissing(
    findings: readonly { message: FindingMessage; jobId: string; priority: number; at: Date; suppressionId?: string }[],
  ): Promise<void> {
    await insertNew(
      this.docs,
      findings.map(({ message: m, jobId, priority, at, suppressionId }) => ({
        _id: m.findingId,
        jobId,
        ruleId: m.ruleId,
        severity: m.severity,
        priority,
        unitId: m.unitId,
        ...(m.caseId ? { caseId: m.caseId } : {}),
        ...(m.officerId ? { officerId: m.officerId } : {}),
        status: 'queued' as const,
        findingDetectedAt: m.detectedAt,
        message: JSON.stringify({ ...m, status: 'open', revision: 0 }),
        createdAt: at,
        findingStatus: 'open' as const,
        // Held at intake: revision 1 is the finding held (`suppressed`, findings v1.3).
        revision: suppressionId ? 1 : 0,
        ...(suppressionId ? { suppressionId, suppressedAt: at } : {}),
      })),
    );
  }

  /** The unit of each of these findings (one read: on FerretDB every query scans the table). */
  async unitsOf(findingIds: readonly string[]): Promise<Map<string, string>> {
    if (findingIds.length === 0) return new Map();
    const docs = await this.docs
      .find({ _id: { $in: [...new Set(findingIds)] } }, { projection: { unitId: 1 } })
      .toArray();
    return new Map(docs.map((d) => [d._id, d.unitId]));
  }

  async find(findingId: string): Promise<WorkedFinding | undefined> {
    const d = await this.docs.findOne({ _id: findingId });
    return d ? toFinding(d) : undefined;
  }

  /** A page of findings, newest detection first, with the total count. */
  async list(filter: FindingFilter, skip: number, limit: number): Promise<{ total: number; items: WorkedFinding[] }> {
    const q: Filter<FindingDoc> = { unitId: { $in: [...filter.units] } };
    if (filter.ruleId) q.ruleId = filter.ruleId;
    if (filter.severity) q.severity = filter.severity;
    if (filter.status) q.findingStatus = filter.status;
    if (filter.officerId) q.officerId = filter.officerId;
    if (filter.assignee) q.assignee = filter.assignee;
    if (filter.suppressionId) q.suppressionId = filter.suppressionId;
    else if (filter.suppressed === 'exclude') q.suppressionId = { $exists: false };
    else if (filter.suppressed === 'only') q.suppressionId = { $exists: true };
    if (filter.detectedFrom || filter.detectedTo) {
      q.findingDetectedAt = {
        ...(filter.detectedFrom ? { $gte: filter.detectedFrom } : {}),
        ...(filter.detectedTo ? { $lte: filter.detectedTo } : {}),
      };
    }
    const [total, docs] = await Promise.all([
      this.docs.countDocuments(q),
      this.docs.find(q).sort({ findingDetectedAt: -1, _id: 1 }).skip(skip).limit(limit).toArray(),
    ]);
    return { total, items: docs.map(toFinding) };
  }

  /**
   * Moves a finding from `from` to `change.to`; false when its status was no longer `from` or its
   * revision no longer the one before `change.revision` (someone else moved it first). The same
   * update marks the new revision unannounced (`mark`, cleared by `announced`).
   */
  async transition(
    findingId: string,
    from: FindingStatus,
    change: StatusChange,
    mark: Omit<Unannounced, 'revision'>,
  ): Promise<boolean> {
    const set: Partial<FindingDoc> = {
      findingStatus: change.to,
      statusChangedAt: change.at,
      revision: change.revision,
      unannounced: { revision: change.revision, ...mark },
    };
    if (change.conclusion) set.conclusion = change.conclusion;
    if (change.dismissal) set.dismissal = change.dismissal;
    if (change.referral) set.referral = change.referral;
    // At the revision it was read at too: a release from a suppression moves the revision without
    // changing the status, and two changes must never publish one revision with different content.
    return this.takeRevision(findingId, change.revision, { from, set, unset: [] });
  }

  /** The open inspection (lead finding) on the same case or about the same officer, if any. */
  async openInspectionFor(
    f: Pick<WorkedFinding, 'findingId' | 'caseId' | 'officerId'>,
  ): Promise<WorkedFinding | undefined> {
    const or: Filter<FindingDoc>[] = [];
    if (f.caseId) or.push({ caseId: f.caseId });
    if (f.officerId) or.push({ officerId: f.officerId });
    if (or.length === 0) return undefined;
    const [d] = await this.docs
      .find({ isLead: true, findingStatus: { $in: [...OPEN_STATUSES] }, _id: { $ne: f.findingId }, $or: or })
      .sort({ createdAt: 1, _id: 1 })
      .limit(1)
      .toArray();
    return d ? toFinding(d) : undefined;
  }

  /** Makes `findingId` part of the inspection led by `lead` (only if it is in none yet). */
  async join(findingId: string, lead: WorkedFinding, at: Date): Promise<boolean> {
    const res = await this.writers.write(findingId, () =>
      this.docs.updateOne(
        { _id: findingId, inspectionId: { $exists: false } },
        {
          $set: {
            inspectionId: lead.findingId,
            isLead: false,
            joinedAt: at,
            ...(lead.assignee ? { assignee: lead.assignee, assignedAt: at } : {}),
          },
        },
      ),
    );
    return res.modifiedCount === 1;
  }

  /** Records that `findingId` leads its own inspection, still waiting for an inspector (with why). */
  async markWaiting(findingId: string, reason: string): Promise<void> {
    await this.writers.write(findingId, () =>
      this.docs.updateOne(
        { _id: findingId },
        { $set: { inspectionId: findingId, isLead: true, waitingReason: reason } },
      ),
    );
  }

  /** Gives the inspection led by `leadId` (and its joined findings) to `assignee`; the lead also gets its SLA times. */
  async assign(leadId: string, assignee: string, at: Date, sla?: { remindAt: Date; dueAt: Date }): Promise<void> {
    // The joined findings first, the lead last: should a write fail, the lead is still without an
    // assignee and the job's retry assigns the whole inspection again.
    const joined = await this.docs.find({ inspectionId: leadId, isLead: false }, { projection: { _id: 1 } }).toArray();
    if (joined.length > 0)
      await this.writers.writeAll(
        joined.map((d) => d._id),
        () =>
          this.docs.updateMany(
            { inspectionId: leadId, isLead: false },
            { $set: { assignee, assignedAt: at, status: 'assigned' } },
          ),
      );
    await this.writers.write(leadId, () =>
      this.docs.updateOne(
        { _id: leadId },
        {
          $set: { inspectionId: leadId, isLead: true, assignee, assignedAt: at, status: 'assigned', ...(sla ?? {}) },
          $unset: { waitingReason: 1 },
        },
      ),
    );
  }

  /** The findings of an inspection, lead first. */
  async members(inspectionId: string): Promise<WorkedFinding[]> {
    const docs = await this.docs.find({ inspectionId }).sort({ isLead: -1, findingDetectedAt: 1 }).toArray();
    return docs.map(toFinding);
  }

  /**
   * The open inspections of these units that need a supervisor: those nobody has been given
   * (waiting, with the reason) and those past their due date (escalated); most urgent first.
   */
  async needingAttention(units: readonly string[], limit: number): Promise<WorkedFinding[]> {
    const docs = await this.docs
      .find({
        unitId: { $in: [...units] },
        isLead: true,
        findingStatus: { $in: [...OPEN_STATUSES] },
        suppressionId: { $exists: false },
        $or: [{ assignee: { $exists: false } }, { escalatedAt: { $exists: true } }],
      })
      .sort({ findingDetectedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toFinding);
  }

  /** Open inspections per inspector, with when each got the latest one. */
  async loads(): Promise<Map<string, { load: number; lastAssignedAt: number }>> {
    const open = await this.docs
      .find(
        { isLead: true, findingStatus: { $in: [...OPEN_STATUSES] }, assignee: { $exists: true } },
        { projection: { assignee: 1, assignedAt: 1 } },
      )
      .toArray();
    const out = new Map<string, { load: number; lastAssignedAt: number }>();
    for (const t of open) {
      if (!t.assignee) continue;
      const cur = out.get(t.assignee) ?? { load: 0, lastAssignedAt: 0 };
      out.set(t.assignee, {
        load: cur.load + 1,
        lastAssignedAt: Math.max(cur.lastAssignedAt, t.assignedAt?.getTime() ?? 0),
      });
    }
    return out;
  }

  /** Sets `field` (remindedAt, escalatedAt) once; false when it was set already. */
  async markOnce(findingId: string, field: 'remindedAt' | 'escalatedAt', at: Date): Promise<boolean> {
    const res = await this.writers.write(findingId, () =>
      this.docs.updateOne({ _id: findingId, [field]: { $exists: false } }, { $set: { [field]: at } }),
    );
    return res.modifiedCount === 1;
  }

  /** The findings a suppression holds. */
  async heldBy(suppressionId: string): Promise<WorkedFinding[]> {
    return (await this.docs.find({ suppressionId }).toArray()).map(toFinding);
  }

  /** How many findings each suppression holds (one read: on FerretDB every query scans the table). */
  async heldCounts(): Promise<Map<string, number>> {
    const docs = await this.docs
      .find({ suppressionId: { $exists: true } }, { projection: { suppressionId: 1 } })
      .toArray();
    const out = new Map<string, number>();
    for (const d of docs) if (d.suppressionId) out.set(d.suppressionId, (out.get(d.suppressionId) ?? 0) + 1);
    return out;
  }

  /** These findings as stored (one read). */
  async findMany(findingIds: readonly string[]): Promise<WorkedFinding[]> {
    if (findingIds.length === 0) return [];
    return (await this.docs.find({ _id: { $in: [...new Set(findingIds)] } }).toArray()).map(toFinding);
  }

  /**
   * Takes the mark of suppression `from` off one finding and moves it to the next revision, if
   * it is still held by `from` at `revision`; false when it changed meanwhile (a dismissal). The
   * same update marks the new revision unannounced (no status change: no outcome).
   */
  async unsuppressAt(findingId: string, from: string, revision: number): Promise<boolean> {
    return this.takeRevision(findingId, revision + 1, {
      heldBy: from,
      set: { revision: revision + 1, unannounced: { revision: revision + 1 } },
      unset: ['suppressionId', 'suppressedAt'],
    });
  }

  /**
   * The outbox holds the announcements of `revision`: its mark goes, unless the finding has moved
   * to a later revision meanwhile (then the mark is that revision's, and stays).
   */
  async announced(findingId: string, revision: number): Promise<void> {
    await this.writers.write(findingId, () =>
      this.docs.updateOne({ _id: findingId, revision }, { $unset: { unannounced: 1 } }),
    );
  }

  /** Findings whose latest revision may not have been announced yet (oldest id first). */
  async unannounced(
    limit = 200,
    /** Told of a stored finding that cannot be read back (skipped, so the others still go out). */
    onUnreadable: (findingId: string, err: unknown) => void = () => undefined,
  ): Promise<WorkedFinding[]> {
    const docs = await this.docs
      .find({ unannounced: { $exists: true } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.flatMap((d) => {
      try {
        return [toFinding(d)];
      } catch (err) {
        onUnreadable(d._id, err);
        return [];
      }
    });
  }

  /** Hands these findings, held by suppression `from`, to suppression `to`, which covers them too. */
  async moveHold(findingIds: readonly string[], from: string, to: string): Promise<void> {
    if (findingIds.length === 0) return;
    // One update of them all, each held (a scan per finding on FerretDB would not be).
    await this.writers.writeAll(findingIds, () =>
      this.docs.updateMany({ _id: { $in: [...findingIds] }, suppressionId: from }, { $set: { suppressionId: to } }),
    );
  }

  /** Findings about one officer (newest first), within `units`. */
  async byOfficer(officerId: string, units: readonly string[], limit: number): Promise<WorkedFinding[]> {
    const docs = await this.docs
      .find({ officerId, unitId: { $in: [...units] } })
      .sort({ findingDetectedAt: -1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toFinding);
  }
}
