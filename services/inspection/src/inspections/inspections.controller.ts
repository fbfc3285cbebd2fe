import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, type Later } from '@thads/http';
import { InspectionViewSchema } from '../findings/schemas';
import { InspectionsService } from './inspections.service';
import { ReassignBody } from './schemas';

@Controller('api/findings')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

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
}
