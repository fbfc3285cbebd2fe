import { Controller, ForbiddenException, Get, NotFoundException, Param, Req } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { inScope } from '../identity/access';
import { Roles, type AuthedRequest } from '../identity/auth.guard';
import { UsersRepository } from '../identity/users.repository';
import { TaskRepository } from '../tasks/task.repository';
import { FindingAccess, READERS } from '../workflow/finding-access';
import { CaseEventsRepository, type StoredEvent } from './case-events.repository';
import { DENOUNCER_READERS, denouncerOf, denouncerRefusal, isDenunciation, withoutDenouncer } from './denouncer';
import { ledgerOf, type Ledger } from './ledger';
import { guideFor, type RuleGuide, type ChecklistItem } from './rule-guide';

export interface CaseFile {
  findingId: string;
  finding: Record<string, unknown> | null;
  rule: { ruleId: string; ruleVersion?: unknown; legalBasis?: unknown; firesWhen: RuleGuide['firesWhen']; checklist: ChecklistItem[] };
  caseId?: string;
  /** The case's events in business-time order; the finding's evidence is marked; denouncers withheld. */
  timeline: (StoredEvent & { inEvidence: boolean; denouncerWithheld?: true })[];
  ledger?: Ledger;
  officer?: { officerId: string; name?: string; unitId?: string; otherFindings: { findingId: string; ruleId: string; severity: string; status: string; detectedAt: string; caseId?: string }[] };
}

/**
 * The case file behind a finding, for the inspector: the case's whole timeline, its money
 * ledger, the officer's other findings (within the caller's units), and what the rule checks,
 * on which legal basis, with its checklist.
 */
@Controller('api')
export class CaseFileController {
  constructor(
    private readonly access: FindingAccess,
    private readonly tasks: TaskRepository,
    private readonly events: CaseEventsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
  ) {}

  @Roles(...READERS)
  @Get('findings/:id/case-file')
  async caseFile(@Req() req: AuthedRequest, @Param('id') id: string): Promise<CaseFile> {
    const task = await this.access.visible(req.principal!, id);
    const finding = await this.tasks.finding(task);
    const guide = guideFor(task.ruleId);
    const evidence = new Set(((finding?.['evidence'] as { eventIds?: string[] } | undefined)?.eventIds) ?? []);
    const events = task.caseId ? await this.events.timeline(task.caseId) : [];
    const out: CaseFile = {
      findingId: id,
      finding,
      rule: { ruleId: task.ruleId, ruleVersion: finding?.['ruleVersion'], legalBasis: finding?.['legalBasis'], firesWhen: guide.firesWhen, checklist: [...guide.checklist, ...guide.common] },
      ...(task.caseId ? { caseId: task.caseId } : {}),
      timeline: events.map((e) => ({ ...withoutDenouncer(e), inEvidence: evidence.has(e.eventId) })),
      ...(task.caseId ? { ledger: ledgerOf(events.filter((e) => e.type.startsWith('finance.'))) } : {}),
    };
    if (task.officerId) {
      const units = await this.access.scopedUnits(req.principal!);
      const others = (await this.tasks.byOfficer(task.officerId, units, 100)).filter((t) => t._id !== id);
      const reg = await this.tasks.officer(task.officerId);
      out.officer = {
        officerId: task.officerId, ...(reg?.name ? { name: reg.name } : {}), ...(reg?.unitId ? { unitId: reg.unitId } : {}),
        otherFindings: others.map((t) => ({ findingId: t._id, ruleId: t.ruleId, severity: t.severity, status: t.findingStatus, detectedAt: t.findingDetectedAt, ...(t.caseId ? { caseId: t.caseId } : {}) })),
      };
    }
    return out;
  }

  /**
   * Who made a denunciation: only for the roles that handle it, within their units, never for
   * anyone of the accused officer's unit or the accused. Every read is in the audit trail (the
   * entry names the fields shown, not their values); every refusal too.
   */
  @Roles(...DENOUNCER_READERS)
  @Get('complaints/:complaintId/denouncer')
  async denouncer(@Req() req: AuthedRequest, @Param('complaintId') complaintId: string): Promise<{ complaintId: string; caseId?: string; againstOfficerId?: string; denouncer: Record<string, unknown> }> {
    const principal = req.principal!;
    const complaint = await this.events.complaint(complaintId);
    if (!complaint || !isDenunciation(complaint)) throw new NotFoundException(`no denunciation ${complaintId}`);
    const parents = await this.tasks.unitParents();
    if (!complaint.unitId || !inScope(principal, complaint.unitId, parents)) throw new ForbiddenException(`denunciation ${complaintId} belongs to a unit outside your scope`);
    const accused = typeof complaint.data['againstOfficerId'] === 'string' ? complaint.data['againstOfficerId'] : undefined;
    const accusedUnit = (accused ? (await this.tasks.officer(accused))?.unitId : undefined) ?? complaint.unitId;
    const user = await this.users.get(principal.sub);
    const refusal = denouncerRefusal({ unitId: principal.unitId, ...(user?.officerId ? { officerId: user.officerId } : {}) }, accused, accusedUnit);
    if (refusal) throw new ForbiddenException(`the denouncer's identity is withheld: ${refusal}`);
    const denouncer = denouncerOf(complaint);
    await this.audit.append({ at: new Date().toISOString(), actor: `user:${principal.sub}`, action: 'denouncer.read', subject: `complaint:${complaintId}`, after: { fields: Object.keys(denouncer), againstOfficerId: accused } });
    return { complaintId, ...(complaint.caseId ? { caseId: complaint.caseId } : {}), ...(accused ? { againstOfficerId: accused } : {}), denouncer };
  }
}
