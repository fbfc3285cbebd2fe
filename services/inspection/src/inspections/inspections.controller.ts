import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, ValidBody, type Later } from '@thads/http';
import { InspectionViewSchema } from '../findings/schemas';
import { BulkService } from './bulk.service';
import { InspectionsService } from './inspections.service';
import { BulkBody, BulkResultSchema, ReassignBody } from './schemas';

@Controller('api/findings')
export class InspectionsController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly bulkWork: BulkService,
  ) {}

  @Roles('inspection_supervisor')
  @Post(':id/assignment')
  @HttpCode(200)
  @Api({
    summary: "Reassign a finding's inspection",
    description:
      'The whole inspection (with the findings joined to it) goes to another eligible inspector; the due date is kept. Audited; the inspector is notified.',
    params: { id: 'A finding of the inspection.' },
    body: ReassignBody,
    response: { description: 'The inspection.', schema: InspectionViewSchema },
    errors: { 404: 'No such finding.', 409: 'The inspection is no longer open.' },
  })
  reassign(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ReassignBody>) {
    return this.inspections.reassign(principal, id, body);
  }

  @Roles('inspection_supervisor')
  @Post('bulk')
  @HttpCode(200)
  @Api({
    summary: 'Triage, dismiss or reassign many findings with one reason',
    description:
      'Each finding goes through the checks of its single-item route (`POST /api/findings/{id}/transitions`, `POST /api/findings/{id}/assignment`: lifecycle, unit scope, concerned parties, suppression) and is audited and published on its own. One refused finding does not stop the others: the answer is 200 with, per finding, `{ id, ok: true, status }` or `{ id, ok: false, code, message }`. A malformed request (a missing reason, more than 200 ids, an id twice, `assignee` without `assign`) is a 400 naming the field, and nothing is done.',
    body: BulkBody,
    response: { description: 'What became of each finding.', schema: BulkResultSchema },
  })
  bulk(@Principal() principal: Principal, @ValidBody() body: BulkBody) {
    return this.bulkWork.run(principal, body);
  }
}
