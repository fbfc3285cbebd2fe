import { Inject, Injectable } from '@nestjs/common';
import type { Principal, Role } from '@thads/auth';
import { AppError, notFound, outOfScope } from '@thads/http';
import { OrgRepository, personalConflict, sameUnit, type OrgSnapshot } from '@thads/org';
import { UsersRepository } from '../identity/users.repository';
import type { WorkedFinding } from './finding';
import { FindingsRepository } from './findings.repository';

/** Every role reads findings (within its units). */
export const READERS: Role[] = [
  'inspector',
  'inspection_supervisor',
  'committee_member',
  'committee_chair',
  'leadership',
  'admin',
];

/**
 * Unit scope and conflict of interest applied to findings: which units a caller sees, one
 * finding if they may see it, and whether they may act on it.
 */
@Injectable()
export class FindingAccess {
  constructor(
    private readonly findings: FindingsRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    private readonly users: UsersRepository,
  ) {}

  async scopedUnits(principal: Principal): Promise<string[]> {
    return (await this.org.snapshot()).tree.scopeOf(principal.unitId);
  }

  /** The finding; NOT_FOUND when there is none, and the same when its unit is outside the caller's scope (`outOfScope`). */
  async visible(principal: Principal, findingId: string): Promise<WorkedFinding> {
    const finding = await this.findings.find(findingId);
    if (!finding) throw notFound(`finding ${findingId}`);
    const org = await this.org.snapshot();
    if (!org.tree.inScope(principal.unitId, finding.unitId)) throw outOfScope(`finding ${findingId}`, finding.unitId);
    return finding;
  }

  /**
   * Whether the caller may act on (move, write the papers of) the finding: an inspector only the
   * inspections given to them, a supervisor any in scope — and never anyone concerned by it: the
   * officer it is about, anyone with a declared relation to them, or a member of the unit
   * concerned (which would otherwise judge itself alone: assignment never gives an inspection
   * to its own unit either). An inspection is worked by an inspector: nobody starts or concludes
   * one that has none (`inspects`).
   */
  async checkActor(principal: Principal, finding: WorkedFinding, opts: { inspects?: boolean } = {}): Promise<void> {
    const org = await this.org.snapshot();
    const why = await this.concernOf(principal, finding, org);
    if (why) throw new AppError('CONCERNED_PARTY', { findingId: finding.findingId, reason: why });
    if (opts.inspects && !finding.assignee) throw new AppError('NOT_ASSIGNED_YET', { findingId: finding.findingId });
    if (principal.roles.includes('inspection_supervisor') || finding.assignee === principal.sub) return;
    throw finding.assignee
      ? new AppError('NOT_ASSIGNED', { findingId: finding.findingId, assignee: finding.assignee })
      : new AppError('NOT_ASSIGNED_YET', { findingId: finding.findingId });
  }

  private async concernOf(principal: Principal, finding: WorkedFinding, org: OrgSnapshot): Promise<string | undefined> {
    const user = await this.users.get(principal.sub);
    const actor = { unitId: principal.unitId, ...(user?.officerId ? { officerId: user.officerId } : {}) };
    const subject = { unitId: finding.unitId, officerId: finding.officerId };
    const personal = personalConflict(actor, subject, org.relations);
    if (personal) return `you ${personal.replace(/^is /, 'are ').replace(/to them$/, 'to you')}`;
    return sameUnit(actor, subject) ? `you belong to ${finding.unitId}, the unit concerned` : undefined;
  }
}
