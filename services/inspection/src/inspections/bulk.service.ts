import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { apiErrorMessage } from '@thads/contracts';
import { AppError, invalidField } from '@thads/http';
import { CLOCK, type Clock } from '../core/clock';
import { FindingsRepository } from '../findings/findings.repository';
import { FindingsService } from '../findings/findings.service';
import type { FindingStatus } from '../findings/lifecycle';
import { InspectionsService } from './inspections.service';
import type { BulkAction, BulkBody, BulkItemResult } from './schemas';

/** What one finding of a bulk request goes through: the single-item use case, unchanged. */
type Step = (principal: Principal, findingId: string) => Promise<FindingStatus>;

/**
 * Bulk work of a supervisor: many findings triaged, dismissed or reassigned with one reason.
 * Each finding goes through the very use case of its single-item route — lifecycle, role, unit
 * scope, concerned parties, suppression — and is audited and published on its own; one refused
 * finding does not stop the others. The answer says, per finding, its new status or why not.
 */
@Injectable()
export class BulkService {
  private readonly log = new Logger('Bulk');

  constructor(
    private readonly findings: FindingsService,
    private readonly inspections: InspectionsService,
    private readonly repo: FindingsRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(
    principal: Principal,
    body: BulkBody,
  ): Promise<{ action: BulkAction; done: number; refused: number; results: BulkItemResult[] }> {
    const step = this.stepOf(body);
    const results: BulkItemResult[] = [];
    // One after the other: the audit trail and the topic get the changes in the order asked.
    for (const id of body.findingIds) {
      try {
        results.push({ id, ok: true, status: await step(principal, id) });
      } catch (err) {
        results.push(await this.refusal(principal, body.action, id, err));
      }
    }
    const done = results.filter((r) => r.ok).map((r) => r.id);
    await this.audit.append({
      at: new Date(this.clock.now()).toISOString(),
      actor: `user:${principal.sub}`,
      action: 'findings.bulk',
      subject: `findings:${body.findingIds.length}`,
      after: {
        action: body.action,
        reason: body.reason,
        ...(body.dismissalReason ? { dismissalReason: body.dismissalReason } : {}),
        ...(body.assignee ? { assignee: body.assignee } : {}),
        done,
        refused: results.filter((r) => !r.ok).map((r) => r.id),
      },
    });
    return { action: body.action, done: done.length, refused: results.length - done.length, results };
  }

  /** The single-item use case for the action; a field that the action needs, or does not take, is a 400. */
  private stepOf(body: BulkBody): Step {
    const only = (field: 'assignee' | 'dismissalReason', action: BulkAction) => {
      if (body[field] !== undefined && body.action !== action) throw invalidField(field, `only with action ${action}`);
    };
    only('assignee', 'assign');
    only('dismissalReason', 'dismiss');
    switch (body.action) {
      case 'triage':
        return async (p, id) =>
          (await this.findings.transition(p, id, () => ({ to: 'triaged', note: body.reason }))).status;
      case 'dismiss': {
        const reason = body.dismissalReason;
        if (!reason) throw invalidField('dismissalReason', 'required with action dismiss');
        return async (p, id) =>
          (await this.findings.transition(p, id, () => ({ to: 'dismissed', reason, note: body.reason }))).status;
      }
      case 'assign': {
        const assignee = body.assignee;
        if (!assignee) throw invalidField('assignee', 'required with action assign');
        return async (p, id) => {
          await this.inspections.reassign(p, id, () => ({ assignee, reason: body.reason }));
          return (await this.repo.find(id))!.status;
        };
      }
    }
  }

  /**
   * Why one finding was not moved, in the error model of the single-item route. Refusals the HTTP
   * layer writes to the audit trail for a single request (a 403, a refused workflow step:
   * app.module's denialsToAudit) are written here for each finding, as they would have been.
   */
  private async refusal(principal: Principal, action: BulkAction, id: string, err: unknown): Promise<BulkItemResult> {
    if (!(err instanceof AppError))
      this.log.error(
        `bulk ${action} of finding ${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    const e = err instanceof AppError ? err : new AppError('INTERNAL');
    // A refusal answered as something else (a 404 for a finding outside the caller's units) is
    // recorded as the refusal it is, as the exception filter does.
    const refusal = (e.extra as { concealed?: AppError }).concealed ?? e;
    if (refusal.status === 403 || refusal.code === 'ILLEGAL_TRANSITION')
      await this.audit.append({
        at: new Date(this.clock.now()).toISOString(),
        actor: `user:${principal.sub}`,
        action: refusal.status === 403 ? 'access.denied' : 'request.refused',
        subject: `finding:${id}`,
        after: {
          roles: principal.roles,
          code: refusal.code,
          why: refusal.message,
          request: `POST /api/findings/bulk (${action})`,
        },
      });
    return {
      id,
      ok: false,
      code: e.code,
      message: apiErrorMessage(e.code, e.params),
      ...(e.extra.field ? { field: e.extra.field } : {}),
      ...(e.extra.details ? { details: e.extra.details } : {}),
    };
  }
}
