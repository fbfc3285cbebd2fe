import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The audit trail (the trail itself is shared by every feature: CoreModule). */
@Module({ controllers: [AuditController] })
export class AuditModule {}
