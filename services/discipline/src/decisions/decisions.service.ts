import { Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { invalidField, type Later } from '@thads/http';
import { dayFromIso, isoFromDay } from '@thads/rules';
import { designateReviewer, formsFor, recordService, transition, type Outcome } from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { IntakeService } from '../proceedings/intake.service';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import type { ProceedingDoc } from '../proceedings/proceeding-record';
import { ProceedingSteps } from '../proceedings/proceeding-steps.service';
import { ProceedingsService } from '../proceedings/proceedings.service';
import { refusalError } from '../proceedings/refusals';
import type { ProceedingView } from '../proceedings/views';
import { mayTake } from '../proceedings/step-rules';
import { decisionServed } from './decision-served';
import type {
  AppealBody,
  AppealResultBody,
  DecisionBody,
  InvestigatorsBody,
  ReviewerBody,
  ServiceBody,
} from './schemas';

const about = (d: ProceedingDoc) => ({ proceedingId: d._id, officerId: d.officerId, unitId: d.unitId });

/**
 * From the council's recommendation to the final outcome: the recommendation (within 5 working
 * days of the meeting), the authority's decision (within 5 more, and within the time to decide;
 * a form the regime or the position does not allow is refused), the referral to investigators
 * as an outcome of its own, the day the subject received the decision, and the appeal (within
 * 15 days of that day; its reviewer designated by the appeal authority — the unit above the
 * disciplining authority, or that authority itself at the top of the registry — never by the
 * subject, the decider or a council member) with its result.
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
      mayTake('recommend', this.access, principal, d, ctx);
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
    return this.proceedings.view(doc, principal);
  }

  async decide(principal: Principal, proceedingId: string, body: Later<DecisionBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { by, body: b } = mayTake('decide', this.access, principal, d, ctx, body);
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
        { to: 'decided', on: ctx.today, outcome, by, ...(b.reason ? { reason: b.reason } : {}) },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok)
        throw refusalError(step.refusal, b.form ? { form: b.form, allowed: formsFor(d.proceeding) } : undefined);
      const p = step.proceeding;
      // Only a decision that disciplines is appealed: otherwise the appeal period ends the day it
      // is decided. The period runs from the day the subject receives the decision (`serve`),
      // which the contract's `appealBy` cannot wait for: it is provisional, the end of the period
      // if the decision is served the day it is taken, until `proceeding.decision_served` says.
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
    return this.proceedings.view(doc, principal);
  }

  /** Signs of a crime: the matter goes to the investigators, an outcome of its own (not appealed here). */
  async referToInvestigators(
    principal: Principal,
    proceedingId: string,
    body: Later<InvestigatorsBody>,
  ): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('investigators', this.access, principal, d, ctx, body);
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
    return this.proceedings.view(doc, principal);
  }

  /**
   * The day the subject received a decision that disciplines, recorded by the authority that
   * took it: the 15 days to appeal run from it. Audited and published as
   * `proceeding.decision_served`, with the last day to appeal that replaces the provisional one
   * of `proceeding.decided`.
   */
  async serve(principal: Principal, proceedingId: string, body: Later<ServiceBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('serve', this.access, principal, d, ctx, body);
      const servedOn = dayFromIso(b.servedOn);
      if (Number.isNaN(servedOn)) throw invalidField('servedOn', 'not a real day');
      const step = recordService(d.proceeding, servedOn, ctx.today);
      if (!step.ok) throw refusalError(step.refusal);
      const served = decisionServed(step.proceeding, ctx.limits);
      return {
        proceeding: step.proceeding,
        events: (version, at) => [disciplineEvent('proceeding.decision_served', about(d), `v${version}`, at, served)],
        audit: { action: 'decision.served', after: { ...served } },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  /**
   * The subject appeals, with their grounds. They do not choose who reviews it: the authority
   * above the disciplining authority designates the reviewer (`designateReviewer`), and
   * `appeal.lodged`, which names the reviewer, is published then.
   */
  async appeal(principal: Principal, proceedingId: string, body: Later<AppealBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('appeal', this.access, principal, d, ctx, body);
      const step = transition(
        d.proceeding,
        { to: 'appeal_lodged', on: ctx.today },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const dueOn = ctx.limits.appealReviewDueBy(ctx.today);
      return {
        proceeding: step.proceeding,
        changes: { appeal: { grounds: b.grounds } },
        events: () => [],
        audit: { action: 'appeal.lodged', after: { dueOn: isoFromDay(dueOn) } },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  /**
   * The head or a deputy head of the appeal authority (not the decider, not a council member)
   * designates the appeal's reviewer — one of
   * its officers who is not the subject, not related to them, never sat on the council, did not
   * decide and did not work the findings — or a replacement for one who no longer is. Published
   * as `appeal.lodged` (the day lodged, the reviewer, the review's deadline).
   */
  async designateReviewer(
    principal: Principal,
    proceedingId: string,
    body: Later<ReviewerBody>,
  ): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const {
        by,
        body: { reviewerId },
      } = mayTake('designateReviewer', this.access, principal, d, ctx, body);
      const step = designateReviewer(d.proceeding, { reviewerId, by, on: ctx.today }, ctx.council);
      if (!step.ok) throw refusalError(step.refusal);
      const lodgedOn = step.proceeding.appeal!.lodgedOn;
      const dueOn = ctx.limits.appealReviewDueBy(lodgedOn);
      const previous = d.proceeding.appeal?.reviewerId;
      return {
        proceeding: step.proceeding,
        events: (version, at) => [
          disciplineEvent('appeal.lodged', about(d), `v${version}`, at, {
            lodgedOn: isoFromDay(lodgedOn),
            reviewerId,
            dueOn: isoFromDay(dueOn),
          }),
        ],
        audit: {
          action: 'appeal.reviewer_designated',
          after: { reviewerId, ...(previous ? { replaces: previous } : {}), dueOn: isoFromDay(dueOn) },
        },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  async resolveAppeal(
    principal: Principal,
    proceedingId: string,
    body: Later<AppealResultBody>,
  ): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { by, body: b } = mayTake('resolveAppeal', this.access, principal, d, ctx, body);
      const base = { on: ctx.today, by };
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
    return this.proceedings.view(doc, principal);
  }
}
