import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { FindingsModule } from '../findings/findings.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AssignmentService } from './assignment.service';
import { BulkService } from './bulk.service';
import { InspectionsController } from './inspections.controller';
import { InspectionsService } from './inspections.service';
import { SlaService } from './sla.service';
import { InspectionWorkers } from './workers';

/** Inspections: assignment to an eligible inspector, joining, reassignment, bulk work, the SLA's reminders and escalations. */
@Module({
  imports: [CalendarModule, FindingsModule, IdentityModule, NotificationsModule],
  controllers: [InspectionsController],
  providers: [AssignmentService, SlaService, InspectionsService, BulkService, InspectionWorkers],
  exports: [AssignmentService, SlaService],
})
export class InspectionsModule {}
