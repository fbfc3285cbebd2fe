import { Controller, Get } from '@nestjs/common';
import { Roles } from '../identity/auth.guard';
import { AuditRepository } from './audit.repository';
import type { Verification } from './chain';

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  /** Recomputes the audit hash chain; names the first entry that does not match. */
  @Roles('admin', 'inspection_supervisor')
  @Get('verify')
  verify(): Promise<Verification> {
    return this.audit.verify();
  }
}
