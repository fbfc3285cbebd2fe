import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, type Later } from '@thads/http';
import { CLOCK, type Clock } from '../core/clock';
import { InspectionOutbox } from '../core/outbox';
import { announcementsOf, stillUnannounced } from './announcements';
import { FindingAccess } from './finding-access';
import { summaryOf, type FindingSummary, type Unannounced, type WorkedFinding } from './finding';
import { FindingsRepository, type StatusChange } from './findings.repository';
import { UsersRepository } from '../identity/users.repository';
import {
  CONCLUSION_RESULTS,
  DISMISSAL_REASONS,
  FINDING_STATUSES,
  IllegalTransition,
  InvalidTransitionInput,
  REFERRAL_TARGETS,
  allowedNext,
  checkTransition,
  type FindingStatus,
  type TransitionInput,
} from './lifecycle';
import type { FindingListQuery, TransitionBody } from './schemas';

/** Who may make each move: supervisors triage, dismiss, refer and close; inspectors inspect and conclude. */
const MOVERS: Record<FindingStatus, readonly string[]> = {
  open: [],
  triaged: ['inspection_supervisor'],
  dismissed: ['inspection_supervisor'],
  under_inspection: ['inspector', 'inspection_supervisor'],
  concluded: ['inspector', 'inspection_supervisor'],
  referred: ['inspection_supervisor'],
  closed: ['inspection_supervisor'],
};

/** An inspection: who works it, its due date, and the findings in it (the lead first). */
export interface InspectionView {
  id: string;
  assignee?: string;
  waitingReason?: string;
  dueAt?: string;
  escalatedAt?: string;
  findings: { findingId: string; ruleId: string; severity: string; status: string; joinedAt?: string }[];
}

export interface FindingDetail {
  finding: FindingSummary &
    Pick<WorkedFinding, 'conclusion' | 'dismissal' | 'referral'> & {
      ruleVersion: number;
      explanation: { vi: string; en: string };
      legalBasis: string;
      evidence: { eventIds: string[]; figures: Record<string, unknown> };
    };
  allowedNext: readonly FindingStatus[];
  inspection?: InspectionView;
}

/**
 * The findings use cases: a filtered, paged list within the caller's units, one finding with
 * the detector's text and its inspection, and status changes — each checked against the
 * lifecycle and the caller's right to act, recorded, audited and published on the findings
 * topic with the next revision.
 */
@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly access: FindingAccess,
    private readonly audit: AuditTrail,
    private readonly outbox: InspectionOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly users: UsersRepository,
  ) {}

  async list(
    principal: Principal,
    q: FindingListQuery,
  ): Promise<{ total: number; page: number; pageSize: number; items: FindingSummary[] }> {
    const scope = await this.access.scopedUnits(principal);
    if (q.unit && !scope.includes(q.unit)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: q.unit });
    const { total, items } = await this.findings.list(
      {
        units: q.unit ? [q.unit] : scope,
        ...(q.rule ? { ruleId: q.rule } : {}),
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.officer ? { officerId: q.officer } : {}),
        // `assignee=me`: the caller's own inspections.
        ...(q.assignee ? { assignee: q.assignee === 'me' ? principal.sub : q.assignee } : {}),
        ...(q.from ? { detectedFrom: q.from } : {}),
        ...(q.to ? { detectedTo: q.to } : {}),
        // Held findings are left out unless asked for: they wait for their suppression to end.
        suppressed: q.suppressed ?? 'exclude',
        ...(q.suppression ? { suppressionId: q.suppression } : {}),
      },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(summaryOf) };
  }

  async detail(principal: Principal, findingId: string): Promise<FindingDetail> {
    const f = await this.access.visible(principal, findingId);
    const inspection = f.inspectionId ? await this.inspection(f.inspectionId) : undefined;
    const m = f.message;
    return {
      finding: {
        ...summaryOf(f),
        ruleVersion: m.ruleVersion,
        explanation: m.explanation,
        legalBasis: m.legalBasis,
        evidence: m.evidence,
        ...(f.conclusion ? { conclusion: f.conclusion } : {}),
        ...(f.dismissal ? { dismissal: f.dismissal } : {}),
        ...(f.referral ? { referral: f.referral } : {}),
      },
      allowedNext: allowedNext(f.status),
      ...(inspection ? { inspection } : {}),
    };
  }

  async inspection(inspectionId: string): Promise<InspectionView | undefined> {
    const members = await this.findings.members(inspectionId);
    const lead = members.find((m) => m.findingId === inspectionId);
    if (!lead) return undefined;
    return {
      id: inspectionId,
      ...(lead.assignee ? { assignee: lead.assignee } : {}),
      ...(lead.waitingReason ? { waitingReason: lead.waitingReason } : {}),
      ...(lead.dueAt ? { dueAt: lead.dueAt.toISOString() } : {}),
      ...(lead.escalatedAt ? { escalatedAt: lead.escalatedAt.toISOString() } : {}),
      findings: members.map((m) => ({
        findingId: m.findingId,
        ruleId: m.ruleId,
        severity: m.severity,
        status: m.status,
        ...(m.joinedAt ? { joinedAt: m.joinedAt.toISOString() } : {}),
      })),
    };
  }

  async transition(
    principal: Principal,
    findingId: string,
    body: Later<TransitionBody>,
  ): Promise<{ findingId: string; status: FindingStatus; revision: number; allowedNext: readonly FindingStatus[] }> {
    const f = await this.access.visible(principal, findingId);
    const b = body();
    const input = transitionInput(b);
    if (!MOVERS[input.to].some((r) => (principal.roles as readonly string[]).includes(r))) {
      throw new AppError('ROLE_REQUIRED', { roles: MOVERS[input.to].join(', ') || 'none' });
    }
    await this.access.checkActor(principal, f, {
      inspects: input.to === 'under_inspection' || input.to === 'concluded',
    });
    // A held finding waits for its suppression to end; it may still be dismissed (a data error).
    if (f.suppressionId && input.to === 'triaged')
      throw new AppError('FINDING_SUPPRESSED', { findingId, suppressionId: f.suppressionId });
    try {
      checkTransition(f.status, input, f.conclusion?.result);
    } catch (err) {
      if (err instanceof IllegalTransition)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          { from: f.status, to: input.to },
          { details: { status: f.status, allowedNext: err.allowed } },
        );
      if (err instanceof InvalidTransitionInput) throw invalidField(err.field, err.message.slice(err.field.length + 2));
      throw err;
    }
    const now = new Date(this.clock.now());
    const by = { by: principal.sub, at: now.toISOString() };
    const change: StatusChange = { to: input.to, at: now, revision: f.revision + 1 };
    if (input.to === 'concluded')
      change.conclusion = { result: input.result, reasoning: input.reasoning, truePositive: input.truePositive, ...by };
    if (input.to === 'dismissed') change.dismissal = { reason: input.reason, note: input.note, ...by };
    if (input.to === 'referred') change.referral = { target: input.target, note: input.note, ...by };
    // Read before the update: the mark written with it holds all the outcome needs besides the finding.
    const workedBy = input.to === 'referred' ? await this.officersWhoWorked(f, principal) : [];
    const mark: Omit<Unannounced, 'revision'> = {
      change: { by: principal.sub, at: now, ...(workedBy.length > 0 ? { workedBy } : {}) },
    };
    if (!(await this.findings.transition(findingId, f.status, change, mark))) {
      const current = await this.findings.find(findingId);
      const status = current?.status ?? f.status;
      throw new AppError('CHANGED_MEANWHILE', {}, { details: { status, allowedNext: allowedNext(status) } });
    }
    const { at: _at, to, revision, ...recorded } = change;
    await this.audit.append({
      at: now.toISOString(),
      actor: `user:${principal.sub}`,
      action: 'finding.transition',
      subject: `finding:${findingId}`,
      before: { status: f.status, revision: f.revision },
      // Triage records nothing on the finding: a note given with it (a bulk triage's reason) is kept here.
      after: { status: to, revision, ...recorded, ...(input.to === 'triaged' && b.note ? { note: b.note } : {}) },
    });
    // Consumers keep the highest revision per finding (EVENTS.md v1.1): a late re-publish of an
    // older state by the detector can no longer undo this change.
    // `statusChangedAt` (v1.2) lets a reader time the workflow (insight: time to triage).
    // `suppressed` (v1.3): a held finding dismissed meanwhile is still held until its suppression ends.
    const after: WorkedFinding = { ...f, ...recorded, status: to, revision, statusChangedAt: now };
    // Marked unannounced by the update above: should this write fail, the sweep announces it.
    await this.outbox.send([...stillUnannounced(f), ...announcementsOf(after, { revision, ...mark })]);
    // Only bookkeeping now (the announcements are recorded): a failure leaves it to the sweep,
    // which sends them once more (the same ids), rather than failing a change that is made.
    await this.findings.announced(findingId, revision).catch(() => undefined);
    return { findingId, status: input.to, revision: change.revision, allowedNext: allowedNext(input.to) };
  }

  /**
   * The registry officers behind the users who worked the finding (its inspector, whoever
   * concluded it, the supervisor referring it), for the discipline service's recusals: it knows
   * officers, not user accounts. Users linked to no officer are left out.
   */
  private async officersWhoWorked(f: WorkedFinding, principal: Principal): Promise<string[]> {
    const others = [f.assignee, f.conclusion?.by].filter((u): u is string => u !== undefined && u !== principal.sub);
    const linked = await Promise.all([...new Set(others)].map(async (u) => (await this.users.get(u))?.officerId));
    const ids = [principal.officerId, ...linked].filter((o): o is string => o !== undefined && o !== '');
    return [...new Set(ids)].sort();
  }
}

const required = <T>(value: T | undefined, field: string, what: string): T => {
  if (value === undefined || value === '') throw invalidField(field, `required: ${what}`);
  return value;
};

/** The schema says which fields may come; the target status says which must. */
function transitionInput(b: TransitionBody): TransitionInput {
  switch (b.to) {
    case 'dismissed':
      return {
        to: b.to,
        reason: required(b.reason, 'reason', `one of ${DISMISSAL_REASONS.join(', ')}`),
        note: required(b.note, 'note', 'say why the finding is dismissed'),
      };
    case 'concluded':
      return {
        to: b.to,
        result: required(b.result, 'result', `one of ${CONCLUSION_RESULTS.join(', ')}`),
        reasoning: required(b.reasoning, 'reasoning', 'a conclusion needs its reasoning'),
        truePositive: required(b.truePositive, 'truePositive', 'true or false: was the finding a real irregularity?'),
      };
    case 'referred':
      return {
        to: b.to,
        target: required(b.target, 'target', `one of ${REFERRAL_TARGETS.join(', ')}`),
        note: required(b.note, 'note', 'say what is referred and why'),
      };
    case 'closed':
      return b.note === undefined ? { to: b.to } : { to: b.to, note: b.note };
    case 'open':
      throw invalidField(
        'to',
        `a finding cannot be moved back to open; one of ${FINDING_STATUSES.filter((s) => s !== 'open').join(', ')}`,
      );
    default:
      return { to: b.to };
  }
}
