import { Catch, ForbiddenException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AuditRepository } from '../audit/audit.repository';
import type { AuthedRequest } from './auth.guard';

/**
 * Every 403 — a missing role (the guard) or a unit, assignment or denouncer rule (the
 * controllers) — is logged and written to the audit trail before it is answered.
 */
@Catch(ForbiddenException)
export class AccessDeniedFilter implements ExceptionFilter {
  private readonly log = new Logger('Access');

  constructor(private readonly audit: AuditRepository) {}

  async catch(exception: ForbiddenException, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    const res = http.getResponse<Response>();
    const what = `${req.method} ${req.originalUrl ?? req.url}`;
    const who = req.principal?.sub ?? 'anonymous';
    this.log.warn(`denied ${what} to ${who}: ${exception.message}`);
    try {
      await this.audit.append({ at: new Date().toISOString(), actor: `user:${who}`, action: 'access.denied', subject: what, after: { roles: req.principal?.roles ?? [], why: exception.message } });
    } catch (err) {
      this.log.error(`could not write the denial of ${what} to the audit trail: ${String(err)}`);
    }
    res.status(403).json(exception.getResponse());
  }
}
