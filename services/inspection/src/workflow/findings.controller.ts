import { Body, ConflictException, Controller, Get, HttpCode, Param, Post, Query, Req, ForbiddenException } from '@nestjs/common';
import { isFindingMessage } from '@thads/contracts';
import { KafkaBus } from '@thads/messaging';
import { AuditRepository } from '../audit/audit.repository';
import type { Role } from '../identity/access';
import { FindingAccess, READERS } from './finding-access';
import { badField, dateParam, intParam, oneOf, requireString } from '../http/params';
import { Roles, type AuthedRequest } from '../identity/auth.guard';
import { AssignmentService } from '../assignment/assignment.service';
import { OPEN_STATUSES, TaskRepository } from '../tasks/task.repository';
import type { InspectionTask } from '../tasks/task.schema';
import { CONCLUSION_RESULTS, DISMISSAL_REASONS, FINDING_STATUSES, IllegalTransition, InvalidTransitionInput, REFERRAL_TARGETS, allowedNext, checkTransition, type ConclusionResult, type FindingStatus, type TransitionInput } from './lifecycle';

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/** Who may make each move: supervisors triage, dismiss, refer and close; inspectors inspect and conclude. */
const MOVERS: Record<FindingStatus, Role[]> = {
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

/**
 * Findings as inspectors work them: a filtered, paged list limited to the caller's units, one
 * finding with its detector text, and its status changes (409 with the allowed next states on
 * an illegal one), each written to the audit trail and published on the findings topic.
 */
@Controller('api/findings')
export class FindingsController {
  constructor(private readonly tasks: TaskRepository, private readonly audit: AuditRepository, private readonly bus: KafkaBus, private readonly assignment: AssignmentService, private readonly access: FindingAccess) {}

  @Roles(...READERS)
  @Get()
  async list(@Req() req: AuthedRequest, @Query() q: Record<string, unknown>): Promise<{ total: number; page: number; pageSize: number; items: InspectionTask[] }> {
    const units = await this.access.scopedUnits(req.principal!);
    const filter: Record<string, unknown> = {};
    const unit = typeof q['unit'] === 'string' && q['unit'] ? q['unit'] : undefined;
    if (unit && !units.includes(unit)) throw new ForbiddenException(`unit ${unit} is outside your scope`);
    filter['unitId'] = unit ?? { $in: units };
    if (typeof q['rule'] === 'string' && q['rule']) filter['ruleId'] = q['rule'];
    const severity = oneOf(q['severity'], 'severity', SEVERITIES);
    if (severity) filter['severity'] = severity;
    const status = oneOf(q['status'], 'status', FINDING_STATUSES);
    if (status) filter['findingStatus'] = status;
    if (typeof q['officer'] === 'string' && q['officer']) filter['officerId'] = q['officer'];
    // `assignee=me`: the caller's own inspections.
    if (typeof q['assignee'] === 'string' && q['assignee']) filter['assignee'] = q['assignee'] === 'me' ? req.principal!.sub : q['assignee'];
    const from = dateParam(q['from'], 'from');
    const to = dateParam(q['to'], 'to');
    if (from || to) filter['findingDetectedAt'] = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
    const page = intParam(q['page'], 'page', 1, 1, 100_000);
    const pageSize = intParam(q['pageSize'], 'pageSize', 50, 1, 500);
    const { total, items } = await this.tasks.list(filter, (page - 1) * pageSize, pageSize);
    return { total, page, pageSize, items };
  }

  @Roles(...READERS)
  @Get(':id')
  async get(@Req() req: AuthedRequest, @Param('id') id: string): Promise<{ task: Omit<InspectionTask, 'message'>; finding: Record<string, unknown> | null; allowedNext: readonly FindingStatus[]; inspection?: InspectionView }> {
    const task = await this.access.visible(req.principal!, id);
    const inspection = task.inspectionId ? await this.inspectionOf(task.inspectionId) : undefined;
    const { message: _kept, ...shown } = task;
    return { task: shown, finding: await this.tasks.finding(task), allowedNext: allowedNext(task.findingStatus as FindingStatus), ...(inspection ? { inspection } : {}) };
  }

  /**
   * A supervisor gives an inspection (the finding's, with every finding joined to it) to another
   * inspector, with a reason. The new inspector must be eligible: not of the unit concerned, not
   * the officer concerned, no declared relation.
   */
  @Roles('inspection_supervisor')
  @Post(':id/assignment')
  @HttpCode(200)
  async reassign(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown): Promise<InspectionView> {
    const task = await this.access.visible(req.principal!, id);
    const assignee = requireString(body, 'assignee', 64);
    const reason = requireString(body, 'reason', 2000);
    const lead = task.inspectionId && task.inspectionId !== id ? await this.tasks.find(task.inspectionId) : task;
    if (!lead || !OPEN_STATUSES.includes(lead.findingStatus)) throw new ConflictException(`the inspection of finding ${id} is no longer open`);
    const refused = await this.assignment.reassign(lead, assignee, reason, req.principal!.sub);
    if (refused) throw badField('assignee', refused);
    return (await this.inspectionOf(lead._id))!;
  }

  private async inspectionOf(inspectionId: string): Promise<InspectionView | undefined> {
    const members = await this.tasks.members(inspectionId);
    const lead = members.find((m) => m._id === inspectionId);
    if (!lead) return undefined;
    return {
      id: inspectionId, assignee: lead.assignee ?? undefined, waitingReason: lead.waitingReason ?? undefined,
      dueAt: lead.dueAt?.toISOString(), escalatedAt: lead.escalatedAt?.toISOString(),
      findings: members.map((m) => ({ findingId: m._id, ruleId: m.ruleId, severity: m.severity, status: m.findingStatus, joinedAt: m.joinedAt?.toISOString() })),
    };
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post(':id/transitions')
  @HttpCode(200)
  async transition(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown): Promise<{ findingId: string; status: FindingStatus; allowedNext: readonly FindingStatus[] }> {
    const principal = req.principal!;
    const task = await this.access.visible(principal, id);
    const from = task.findingStatus as FindingStatus;
    const input = parseTransition(body);
    if (!MOVERS[input.to].some((r) => principal.roles.includes(r))) throw new ForbiddenException(`moving a finding to ${input.to} needs one of the roles: ${MOVERS[input.to].join(', ')}`);
    this.access.checkWorker(principal, task);
    try {
      checkTransition(from, input, (task.conclusion as { result?: ConclusionResult } | undefined)?.result);
    } catch (err) {
      if (err instanceof IllegalTransition) throw new ConflictException({ statusCode: 409, error: 'Conflict', message: err.message, status: from, allowedNext: err.allowed });
      if (err instanceof InvalidTransitionInput) throw badField(err.field, err.message);
      throw err;
    }
    const now = new Date();
    const set: Record<string, unknown> = { findingStatus: input.to, statusChangedAt: now };
    const by = { by: principal.sub, at: now.toISOString() };
    if (input.to === 'concluded') set['conclusion'] = { result: input.result, reasoning: input.reasoning, truePositive: input.truePositive, ...by };
    if (input.to === 'dismissed') set['dismissal'] = { reason: input.reason, note: input.note, ...by };
    if (input.to === 'referred') set['referral'] = { target: input.target, note: input.note, ...by };
    if (!(await this.tasks.transition(id, from, set))) {
      const now2 = await this.tasks.find(id);
      throw new ConflictException({ statusCode: 409, error: 'Conflict', message: 'the finding changed meanwhile', status: now2?.findingStatus, allowedNext: allowedNext((now2?.findingStatus ?? from) as FindingStatus) });
    }
    await this.audit.append({ at: now.toISOString(), actor: `user:${principal.sub}`, action: 'finding.transition', subject: `finding:${id}`, before: { status: from }, after: { status: input.to, ...set, statusChangedAt: undefined } });
    const finding = await this.tasks.finding(task);
    if (finding) {
      const out = { ...finding, status: input.to };
      if (isFindingMessage(out)) await this.bus.publish('Findings', [{ key: id, value: out }]);
    }
    return { findingId: id, status: input.to, allowedNext: allowedNext(input.to) };
  }
}

function parseTransition(body: unknown): TransitionInput {
  const to = oneOf((body as Record<string, unknown> | null)?.['to'], 'to', FINDING_STATUSES);
  if (!to) throw badField('to', `required, one of ${FINDING_STATUSES.join(', ')}`);
  const b = body as Record<string, unknown>;
  switch (to) {
    case 'dismissed':
      return { to, reason: oneOf(b['reason'], 'reason', DISMISSAL_REASONS) ?? (() => { throw badField('reason', `required, one of ${DISMISSAL_REASONS.join(', ')}`); })(), note: requireString(b, 'note', 2000) };
    case 'concluded': {
      const result = oneOf(b['result'], 'result', CONCLUSION_RESULTS);
      if (!result) throw badField('result', `required, one of ${CONCLUSION_RESULTS.join(', ')}`);
      if (typeof b['truePositive'] !== 'boolean') throw badField('truePositive', 'required, true or false: was the finding a real irregularity?');
      return { to, result, reasoning: requireString(b, 'reasoning', 10_000), truePositive: b['truePositive'] };
    }
    case 'referred': {
      const target = oneOf(b['target'], 'target', REFERRAL_TARGETS);
      if (!target) throw badField('target', `required, one of ${REFERRAL_TARGETS.join(', ')}`);
      return { to, target, note: requireString(b, 'note', 2000) };
    }
    case 'closed':
      return typeof b['note'] === 'string' ? { to, note: b['note'] } : { to };
    case 'open':
      throw badField('to', 'a finding cannot be moved back to open');
    default:
      return { to };
  }
}
