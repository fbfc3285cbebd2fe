import { Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, type Later } from '@thads/http';
import { FindingAccess } from '../findings/finding-access';
import { FindingsRepository, OPEN_STATUSES } from '../findings/findings.repository';
import { FindingsService, type InspectionView } from '../findings/findings.service';
import { AssignmentService } from './assignment.service';
import type { ReassignBody } from './schemas';

/** Inspections as supervisors steer them. */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly access: FindingAccess,
    private readonly findings: FindingsRepository,
    private readonly views: FindingsService,
    private readonly assignment: AssignmentService,
  ) {}

  /**
   * A supervisor gives an inspection (the finding's, with every finding joined to it) to another
   * inspector, with a reason. The new inspector must be eligible: not of the unit concerned, not
   * the officer concerned, no declared relation.
   */
  async reassign(principal: Principal, findingId: string, later: Later<ReassignBody>): Promise<InspectionView> {
    const finding = await this.access.visible(principal, findingId);
    await this.access.checkActor(principal, finding);
    // Held back by a suppression, it gets no inspection until the suppression ends.
    if (finding.suppressionId)
      throw new AppError('FINDING_SUPPRESSED', { findingId, suppressionId: finding.suppressionId });
    const body = later();
    const lead =
      finding.inspectionId && finding.inspectionId !== findingId
        ? await this.findings.find(finding.inspectionId)
        : finding;
    if (!lead || !OPEN_STATUSES.includes(lead.status)) throw new AppError('INSPECTION_CLOSED', { findingId });
    const refused = await this.assignment.reassign(lead, body.assignee, body.reason, principal.sub);
    if (refused) throw invalidField('assignee', refused);
    return (await this.views.inspection(lead.findingId))!;
  }
}
