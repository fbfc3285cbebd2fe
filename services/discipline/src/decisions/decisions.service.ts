import { Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, type Later } from '@thads/http';
import { personalConflict } from '@thads/org';
import { isoFromDay } from '@thads/rules';
import { formsFor, transition, type Outcome } from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { IntakeService } from '../proceedings/intake.service';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import type { ProceedingDoc } from '../proceedings/proceeding-record';
import { ProceedingSteps } from '../proceedings/proceeding-steps.service';
import { ProceedingsService } from '../proceedings/proceedings.service';
import { refusalError } from '../proceedings/refusals';
import type { ProceedingView } from '../proceedings/views';
import type { AppealBody, AppealResultBody, DecisionBody, InvestigatorsBody } from './schemas';

const about = (d: ProceedingDoc) => ({ proceedingId: d._id, officerId: d.officerId, unitId: d.unitId });

/**
 * From the council's recommendation to the final outcome: the recommendation (within 5 working
 * days of the meeting), the authority's decision (within 5 more, and within the time to decide;
 * a form the regime or the position does not allow is refused), the referral to investigators
 * as an outcome of its own, and the appeal (within 15 days, to a reviewer who did not sit on the
 * council) with its result.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly access: ProceedingAccess,
    private readonly steps: ProceedingSteps,
    private readonly proceedings: ProceedingsService,
    private readonly intake: IntakeService,
  ) {}

  async recommend(principal: Principal, proceedingId: string): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      this.access.chair(principal, d, ctx.org);
      const step = transition(
        d.proceeding,
        { to: 'recommended', on: ctx.today },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const outcome = step.proceeding.recommendation!.outcome;
      return {
        proceeding: step.proceeding,
        events: (version, at) => [
          disciplineEvent('proceeding.recommended', about(d), `v${version}`, at, {
            outcome: outcome.kind,
            ...(outcome.kind === 'disciplined' ? { form: outcome.form } : {}),
          }),
        ],
        audit: { action: 'proceeding.recommended', after: { outcome } },
      };
    });
    return this.proceedings.view(doc);
  }

  async decide(principal: Principal, proceedingId: string, body: Later<DecisionBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      this.access.authority(principal, d, ctx.org);
      const b = body();
      let outcome: Outcome;
      if (b.outcome === 'disciplined') {
        if (b.form === undefined)
          throw invalidField('form', `required when disciplined: one of ${formsFor(d.proceeding).join(', ')}`);
        outcome = { kind: 'disciplined', form: b.form };
      } else {
        if (b.form !== undefined) throw invalidField('form', 'no form without discipline');
        outcome = { kind: 'not_disciplined' };
      }
      const step = transition(
        d.proceeding,
        { to: 'decided', on: ctx.today, outcome, ...(b.reason ? { reason: b.reason } : {}) },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok)
        throw refusalError(step.refusal, b.form ? { form: b.form, allowed: formsFor(d.proceeding) } : undefined);
      const p = step.proceeding;
      // Only a decision that disciplines is appealed: otherwise the appeal period ends the day it is decided.
      const appealBy = outcome.kind === 'disciplined' ? ctx.limits.appealDueBy(ctx.today) : ctx.today;
      return {
        proceeding: p,
        events: (version, at) => [
          disciplineEvent('proceeding.decided', about(d), `v${version}`, at, {
            outcome: outcome.kind,
            ...(outcome.kind === 'disciplined' ? { form: outcome.form } : {}),
            findingIds: p.findings.map((f) => f.findingId),
            decidedOn: isoFromDay(ctx.today),
            appealBy: isoFromDay(appealBy),
          }),
        ],
        audit: { action: 'proceeding.decided', after: { outcome, ...(b.reason ? { reason: b.reason } : {}) } },
      };
    });
    await this.intake.releaseHeld(doc.officerId, doc.unitId);
    return this.proceedings.view(doc);
  }

  /** Signs of a crime: the matter goes to the investigators, an outcome of its own (not appealed here). */
  async referToInvestigators(
    principal: Principal,
    proceedingId: string,
    body: Later<InvestigatorsBody>,
  ): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      this.access.authority(principal, d, ctx.org);
      const b = body();
      const step = transition(
        d.proceeding,
        { to: 'referred_to_investigators', on: ctx.today, signs: b.signs, note: b.note },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      return {
        proceeding: step.proceeding,
        events: (version, at) => [
          disciplineEvent('proceeding.decided', about(d), `v${version}`, at, {
            outcome: 'referred_to_investigators',
            findingIds: step.proceeding.findings.map((f) => f.findingId),
            decidedOn: isoFromDay(ctx.today),
            appealBy: isoFromDay(ctx.today),
          }),
        ],
        audit: { action: 'proceeding.referred_to_investigators', after: { signs: b.signs } },
      };
    });
    await this.intake.releaseHeld(doc.officerId, doc.unitId);
    return this.proceedings.view(doc);
  }

  async appeal(principal: Principal, proceedingId: string, body: Later<AppealBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      this.access.subject(principal, d);
      const b = body();
      const reviewer = ctx.org.officer(b.reviewerId);
      if (!reviewer) throw invalidField('reviewerId', `${b.reviewerId} is not an officer of the registry`);
      const related = personalConflict(
        { officerId: reviewer.officerId, unitId: reviewer.unitId },
        { officerId: d.officerId, unitId: d.unitId },
        ctx.org.relations,
      );
      if (related && reviewer.officerId !== d.officerId)
        throw new AppError('REVIEWER_CONFLICTED', { reason: `the reviewer ${related}` }, { field: 'reviewerId' });
      const step = transition(
        d.proceeding,
        { to: 'appeal_lodged', on: ctx.today, reviewerId: b.reviewerId },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const dueOn = ctx.limits.appealReviewDueBy(ctx.today);
      return {
        proceeding: step.proceeding,
        changes: { appeal: { grounds: b.grounds } },
        events: (version, at) => [
          disciplineEvent('appeal.lodged', about(d), `v${version}`, at, {
            lodgedOn: isoFromDay(ctx.today),
            reviewerId: b.reviewerId,
            dueOn: isoFromDay(dueOn),
          }),
        ],
        audit: { action: 'appeal.lodged', after: { reviewerId: b.reviewerId, dueOn: isoFromDay(dueOn) } },
      };
    });
    return this.proceedings.view(doc);
  }

  async resolveAppeal(
    principal: Principal,
    proceedingId: string,
    body: Later<AppealResultBody>,
  ): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      this.access.reviewer(principal, d);
      const b = body();
      const base = { on: ctx.today };
      let input;
      if (b.result === 'changed') {
        if (b.form === undefined)
          throw invalidField('form', `required when changed: one of ${formsFor(d.proceeding).join(', ')}`);
        input = { to: 'appeal_resolved' as const, ...base, result: 'changed' as const, form: b.form };
      } else {
        if (b.form !== undefined) throw invalidField('form', 'a form only when the decision is changed');
        input = { to: 'appeal_resolved' as const, ...base, result: b.result };
      }
      const step = transition(d.proceeding, input, { limits: ctx.limits, org: ctx.council });
      if (!step.ok)
        throw refusalError(step.refusal, b.form ? { form: b.form, allowed: formsFor(d.proceeding) } : undefined);
      return {
        proceeding: step.proceeding,
        changes: { appeal: { grounds: d.appeal?.grounds ?? '', reasoning: b.reasoning } },
        events: (version, at) => [
          disciplineEvent('appeal.resolved', about(d), `v${version}`, at, {
            result: b.result,
            ...(b.result === 'changed' && b.form ? { form: b.form } : {}),
            resolvedOn: isoFromDay(ctx.today),
          }),
        ],
        audit: { action: 'appeal.resolved', after: { result: b.result, ...(b.form ? { form: b.form } : {}) } },
      };
    });
    return this.proceedings.view(doc);
  }
}
