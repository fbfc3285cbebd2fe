import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import type { SuppressionEndJob } from '@thads/contracts';
import { AppError, invalidField, notFound, outOfScope, type Later } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { CLOCK, type Clock } from '../core/clock';
import { JobQueues } from '../core/job-queues';
import { InspectionOutbox } from '../core/outbox';
import { announcementsOf, stillUnannounced } from '../findings/announcements';
import type { WorkedFinding } from '../findings/finding';
import { FindingsRepository, OPEN_STATUSES } from '../findings/findings.repository';
import { inspectionJob } from '../findings/inspection-job';
import { ActiveSuppressions, suppressionJob } from './active-suppressions';
import type { CreateSuppressionBody, LiftSuppressionBody, SuppressionListQuery } from './schemas';
import { endOf, holderOf, suppressionConcern, untilProblem, visibleTo, type Suppression } from './suppression';
import { SuppressionsRepository } from './suppressions.repository';

/** A suppression as the API shows it. */
export interface SuppressionView {
  id: string;
  ruleId: string;
  unitId: string;
  reason: string;
  until: string;
  endsAt: string;
  state: Suppression['state'];
  createdBy: string;
  createdAt: string;
  endedAt?: string;
  endedBy?: string;
  liftReason?: string;
  held: number;
  released: number;
}

function viewOf(s: Suppression, held: number): SuppressionView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: s.id,
    ruleId: s.ruleId,
    unitId: s.unitId,
    reason: s.reason,
    until: s.until,
    endsAt: iso(s.endsAt),
    state: s.state,
    createdBy: s.createdBy,
    createdAt: iso(s.createdAt),
    ...(s.endedAt !== undefined ? { endedAt: iso(s.endedAt) } : {}),
    ...(s.endedBy ? { endedBy: s.endedBy } : {}),
    ...(s.liftReason ? { liftReason: s.liftReason } : {}),
    held,
    released: s.released ?? 0,
  };
}

/**
 * The suppressions use cases: a supervisor or administrator holds back one rule's findings in a
 * unit below their own until an end date; anyone of the supervision, administration and
 * leadership sees those that touch their units; lifting or reaching the end date gives the
 * held findings back to the workflow. Every creation, lift, expiry and release is audited.
 */
@Injectable()
export class SuppressionsService {
  private readonly log = new Logger('Suppressions');

  constructor(
    private readonly repo: SuppressionsRepository,
    private readonly active: ActiveSuppressions,
    private readonly findings: FindingsRepository,
    private readonly queues: JobQueues,
    private readonly outbox: InspectionOutbox,
    private readonly audit: AuditTrail,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, body: CreateSuppressionBody): Promise<SuppressionView> {
    const { tree } = await this.org.snapshot();
    if (!tree.has(body.unitId)) throw invalidField('unitId', `no unit ${body.unitId} in the registry`);
    if (!tree.inScope(principal.unitId, body.unitId)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: body.unitId });
    const concern = suppressionConcern(principal.unitId, body.unitId, tree);
    if (concern) throw new AppError('SUPPRESSION_CONCERNED', { unitId: body.unitId, reason: concern });
    const now = this.clock.now();
    const problem = untilProblem(body.until, now);
    if (problem) throw invalidField('until', problem);
    const s: Suppression = {
      id: `SUP-${randomBytes(6).toString('hex')}`,
      ruleId: body.ruleId,
      unitId: body.unitId,
      reason: body.reason,
      until: body.until,
      endsAt: endOf(body.until),
      createdBy: principal.sub,
      createdAt: now,
      state: 'active',
    };
    await this.repo.insert(s);
    this.active.forget();
    await this.audit.append({
      at: new Date(now).toISOString(),
      actor: `user:${principal.sub}`,
      action: 'suppression.created',
      subject: `suppression:${s.id}`,
      after: { ruleId: s.ruleId, unitId: s.unitId, until: s.until, reason: s.reason },
    });
    await this.queues.suppressions.addBulk([suppressionJob('end', s.id, s.endsAt, now)]);
    return viewOf(s, 0);
  }

  /** Newest first: those over a unit in the caller's scope, and those over a unit above it. */
  async list(
    principal: Principal,
    q: SuppressionListQuery,
  ): Promise<{ total: number; page: number; pageSize: number; items: SuppressionView[] }> {
    const { tree } = await this.org.snapshot();
    const all = await this.repo.all({ ...(q.rule ? { ruleId: q.rule } : {}), ...(q.state ? { state: q.state } : {}) });
    const mine = all.filter((s) => visibleTo(principal.unitId, s, tree));
    const page = mine.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const held = await this.findings.heldCounts();
    return {
      total: mine.length,
      page: q.page,
      pageSize: q.pageSize,
      items: page.map((s) => viewOf(s, held.get(s.id) ?? 0)),
    };
  }

  /**
   * Ends a suppression before its date; the findings it held enter the workflow now. Lifting one
   * that has ended already is refused — after giving back whatever it still holds, so that a
   * lift whose release failed half-way is finished by trying again.
   */
  async lift(principal: Principal, id: string, later: Later<LiftSuppressionBody>): Promise<SuppressionView> {
    const s = await this.repo.find(id);
    if (!s) throw notFound(`suppression ${id}`);
    const { tree } = await this.org.snapshot();
    // Those who see it because it covers their unit from above do not lift it: only its unit's superiors.
    if (!tree.inScope(principal.unitId, s.unitId)) throw outOfScope(`suppression ${id}`, s.unitId);
    const { reason } = later();
    const now = this.clock.now();
    if (!(await this.repo.end(id, 'lifted', now, principal.sub, reason))) {
      await this.release(id);
      const current = await this.repo.find(id);
      throw new AppError('SUPPRESSION_ENDED', { suppressionId: id, state: current?.state ?? s.state });
    }
    this.active.forget();
    await this.audit.append({
      at: new Date(now).toISOString(),
      actor: `user:${principal.sub}`,
      action: 'suppression.lifted',
      subject: `suppression:${id}`,
      before: { state: 'active', until: s.until },
      after: { state: 'lifted', reason },
    });
    await this.release(id);
    const ended = (await this.repo.find(id))!;
    return viewOf(ended, 0);
  }

  /**
   * The suppression's job: at its end date it expires (audited once), then — and whenever asked
   * again — the findings it still holds go back to the workflow. A job that runs early (promoted,
   * clock skew) puts itself back until the service's clock has reached its instant.
   */
  async process(job: Job<SuppressionEndJob>, token?: string): Promise<string> {
    const now = this.clock.now();
    if (now < job.data.at) {
      await job.moveToDelayed(Date.now() + (job.data.at - now), token);
      throw new DelayedError();
    }
    const id = job.data.suppressionId;
    const s = await this.repo.find(id);
    // Retrying cannot make a suppression appear: fail the job for good, with the reason.
    if (!s) throw new UnrecoverableError(`no suppression ${id}`);
    if (s.state === 'active') {
      if (now < s.endsAt) return `still active until ${s.until}`;
      if (await this.repo.end(id, 'expired', now)) {
        this.active.forget();
        await this.audit.append({
          at: new Date(now).toISOString(),
          actor: 'system:suppressions',
          action: 'suppression.expired',
          subject: `suppression:${id}`,
          before: { state: 'active', until: s.until },
          after: { state: 'expired' },
        });
      }
    }
    return `released ${await this.release(id)} finding(s)`;
  }

  /**
   * Unmarks one finding held by `id` at its next revision and announces that revision without
   * `suppressed` (findings v1.3), so readers of the topic count it again. A finding moved on
   * meanwhile (dismissed while held) is read again and unmarked at its new revision.
   */
  private async unmark(held: WorkedFinding, id: string): Promise<void> {
    let f: WorkedFinding | undefined = held;
    // A few tries: each failed one means someone else moved the finding on just now.
    for (let tries = 0; tries < 5 && f?.suppressionId === id; tries++, f = await this.findings.find(f.findingId)) {
      if (!(await this.findings.unsuppressAt(f.findingId, id, f.revision))) continue;
      const { suppressionId: _, suppressedAt: __, ...rest } = f;
      const revision = f.revision + 1;
      // Marked unannounced by the same update: should this write fail, the sweep announces it.
      await this.outbox.send([...stillUnannounced(f), ...announcementsOf({ ...rest, revision }, { revision })]);
      // Bookkeeping only, as in FindingsService.transition: a failure leaves it to the sweep.
      await this.findings.announced(f.findingId, revision).catch(() => undefined);
      return;
    }
  }

  /**
   * Gives the findings an ended suppression still holds back to the workflow, as if just raised:
   * queued for assignment, then unmarked at their next revision and announced (in that order: a
   * crash between leaves them marked, and the next run of the job finds them again; assignment
   * pays no heed to the mark). A finding that another active suppression covers stays held, by
   * that one. Returns how many came back.
   */
  private async release(id: string): Promise<number> {
    const held = await this.findings.heldBy(id);
    if (held.length === 0) return 0;
    const now = this.clock.now();
    // Read from the store, not the copy: a suppression lifted elsewhere must not take findings over.
    const others = (await this.repo.active()).filter((o) => o.id !== id);
    const { tree } = await this.org.snapshot();
    const back: typeof held = [];
    const moved = new Map<string, string[]>();
    for (const f of held) {
      const other = holderOf(f, others, tree, now);
      if (other) moved.set(other.id, [...(moved.get(other.id) ?? []), f.findingId]);
      else back.push(f);
    }
    await this.queues.inspection.addBulk(back.filter((f) => OPEN_STATUSES.includes(f.status)).map(inspectionJob));
    for (const f of back) await this.unmark(f, id);
    for (const [to, ids] of moved) await this.findings.moveHold(ids, id, to);
    // As at intake: one of those may have ended meanwhile.
    await this.active.recheck([...moved.keys()]);
    await this.repo.addReleased(id, back.length);
    await this.audit.append({
      at: new Date(now).toISOString(),
      actor: 'system:suppressions',
      action: 'suppression.released',
      subject: `suppression:${id}`,
      after: {
        released: back.length,
        ...(moved.size > 0 ? { stillHeldBy: Object.fromEntries([...moved].map(([k, v]) => [k, v.length])) } : {}),
      },
    });
    this.log.log(`suppression ${id}: ${back.length} finding(s) back in the workflow`);
    return back.length;
  }
}
