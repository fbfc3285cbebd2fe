import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { AppError, notFound, outOfScope } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { FindingAccess } from '../findings/finding-access';
import { FindingsRepository } from '../findings/findings.repository';
import { UsersRepository } from '../identity/users.repository';
import { CaseEventsRepository, type StoredEvent } from './case-events.repository';
import { denouncerOf, denouncerRefusal, isDenunciation, withoutDenouncer } from './denouncer';
import { ledgerOf, type Ledger } from './ledger';
import { guideFor, type ChecklistItem, type RuleGuide } from '@thads/rules';

export interface CaseFile {
  findingId: string;
  finding: Record<string, unknown>;
  rule: {
    ruleId: string;
    ruleVersion: number;
    legalBasis: string;
    firesWhen: RuleGuide['firesWhen'];
    checklist: ChecklistItem[];
  };
  caseId?: string;
  /** The case's events in business-time order; the finding's evidence is marked; denouncers withheld. */
  timeline: (StoredEvent & { inEvidence: boolean; denouncerWithheld?: true })[];
  ledger?: Ledger;
  officer?: {
    officerId: string;
    name?: string;
    unitId?: string;
    otherFindings: {
      findingId: string;
      ruleId: string;
      severity: string;
      status: string;
      detectedAt: string;
      caseId?: string;
    }[];
  };
}

/**
 * The case file behind a finding, for the inspector: the case's whole timeline, its money
 * ledger, the officer's other findings (within the caller's units), and what the rule checks,
 * on which legal basis, with its checklist. Denouncers are withheld from every timeline and
 * told only to the roles that handle them, never within the accused's unit.
 */
@Injectable()
export class CaseFileService {
  constructor(
    private readonly access: FindingAccess,
    private readonly findings: FindingsRepository,
    private readonly events: CaseEventsRepository,
    private readonly users: UsersRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    private readonly audit: AuditTrail,
  ) {}

  async caseFile(principal: Principal, findingId: string): Promise<CaseFile> {
    const f = await this.access.visible(principal, findingId);
    const m = f.message;
    const guide = guideFor(f.ruleId);
    const evidence = new Set(m.evidence.eventIds);
    const events = f.caseId ? await this.events.timeline(f.caseId) : [];
    const out: CaseFile = {
      findingId,
      finding: { ...m, status: f.status, revision: f.revision },
      rule: {
        ruleId: f.ruleId,
        ruleVersion: m.ruleVersion,
        legalBasis: m.legalBasis,
        firesWhen: guide.firesWhen,
        checklist: [...guide.checklist, ...guide.common],
      },
      ...(f.caseId ? { caseId: f.caseId } : {}),
      timeline: events.map((e) => ({ ...withoutDenouncer(e), inEvidence: evidence.has(e.eventId) })),
      ...(f.caseId ? { ledger: ledgerOf(events.filter((e) => e.type.startsWith('finance.'))) } : {}),
    };
    if (f.officerId) {
      const units = await this.access.scopedUnits(principal);
      const others = (await this.findings.byOfficer(f.officerId, units, 100)).filter((t) => t.findingId !== findingId);
      const reg = (await this.org.snapshot()).officer(f.officerId);
      out.officer = {
        officerId: f.officerId,
        ...(reg?.name ? { name: reg.name } : {}),
        ...(reg?.unitId ? { unitId: reg.unitId } : {}),
        otherFindings: others.map((t) => ({
          findingId: t.findingId,
          ruleId: t.ruleId,
          severity: t.severity,
          status: t.status,
          detectedAt: t.detectedAt,
          ...(t.caseId ? { caseId: t.caseId } : {}),
        })),
      };
    }
    return out;
  }

  /**
   * Who made a denunciation: only for the roles that handle it, within their units, never for
   * anyone of the accused officer's unit or the accused. Every read is in the audit trail (the
   * entry names the fields shown, not their values); every refusal too (exception filter).
   */
  async denouncer(
    principal: Principal,
    complaintId: string,
  ): Promise<{ complaintId: string; caseId?: string; againstOfficerId?: string; denouncer: Record<string, unknown> }> {
    const complaint = await this.events.complaint(complaintId);
    if (!complaint || !isDenunciation(complaint)) throw notFound(`denunciation ${complaintId}`);
    const org = await this.org.snapshot();
    if (!complaint.unitId || !org.tree.inScope(principal.unitId, complaint.unitId))
      throw outOfScope(`denunciation ${complaintId}`, complaint.unitId ?? '?');
    const accused =
      typeof complaint.data['againstOfficerId'] === 'string' ? complaint.data['againstOfficerId'] : undefined;
    const accusedUnit = (accused ? org.officer(accused)?.unitId : undefined) ?? complaint.unitId;
    const user = await this.users.get(principal.sub);
    const refusal = denouncerRefusal(
      { unitId: principal.unitId, ...(user?.officerId ? { officerId: user.officerId } : {}) },
      accused,
      accusedUnit,
    );
    if (refusal) throw new AppError('DENOUNCER_WITHHELD', { reason: refusal });
    const denouncer = denouncerOf(complaint);
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${principal.sub}`,
      action: 'denouncer.read',
      subject: `complaint:${complaintId}`,
      after: { fields: Object.keys(denouncer), againstOfficerId: accused },
    });
    return {
      complaintId,
      ...(complaint.caseId ? { caseId: complaint.caseId } : {}),
      ...(accused ? { againstOfficerId: accused } : {}),
      denouncer,
    };
  }
}
