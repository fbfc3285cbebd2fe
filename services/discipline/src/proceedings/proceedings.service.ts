import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, type Later } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { dayFromIso, isoFromDay } from '@thads/rules';
import { RoundLease } from '../ballot/round-lease';
import {
  decisionDueOn,
  extendTimeToDecide,
  nextRound,
  recordExclusion,
  type DisciplineTimeLimits,
  type Proceeding,
} from '../domain';
import { disciplineEvent } from './announcements';
import { ProceedingAccess } from './proceeding-access';
import type { ProceedingDoc } from './proceeding-record';
import { ProceedingSteps, workedTheMatterOf, type StepOutcome } from './proceeding-steps.service';
import { ProceedingsRepository } from './proceedings.repository';
import { refusalError } from './refusals';
import type { ExclusionBody, ExtensionBody, ProceedingListQuery } from './schemas';
import { allowedSteps, mayTake, type StepCheck } from './step-rules';
import { proceedingSummary, proceedingView, type ProceedingView } from './views';

/** Reading proceedings, and the steps on their time to decide (extension, excluded periods). */
@Injectable()
export class ProceedingsService {
  constructor(
    private readonly proceedings: ProceedingsRepository,
    private readonly access: ProceedingAccess,
    private readonly steps: ProceedingSteps,
    private readonly lease: RoundLease,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  /**
   * The answer every step gives: the proceeding as it now stands, with the steps the caller may
   * take now (step-rules.ts: the rules the step endpoints apply, without a request).
   */
  async view(doc: ProceedingDoc, principal: Principal): Promise<ProceedingView> {
    const ctx = await this.steps.context(doc.officerId, doc.unitId, workedTheMatterOf(doc));
    const check: StepCheck = { ...ctx, roundOpen: await this.roundOpen(doc) };
    return {
      ...proceedingView(doc, ctx.limits, ctx.org),
      allowedSteps: allowedSteps(this.access, principal, doc, check),
    };
  }

  /**
   * Whether a ballot round of the proceeding is open now, on any instance (its lease is held):
   * the members vote then. Not known (Redis away): not open, the members' page says so.
   */
  private async roundOpen(doc: ProceedingDoc): Promise<boolean> {
    const next = nextRound(doc.proceeding);
    if (next === undefined) return false;
    try {
      return (await this.lease.holder(next.round.roundId)) !== 'nobody';
    } catch {
      return false;
    }
  }

  async list(principal: Principal, q: ProceedingListQuery) {
    const org = await this.org.snapshot();
    const scope = org.tree.scopeOf(principal.unitId);
    if (q.unit !== undefined && !scope.includes(q.unit)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: q.unit });
    const unitIds = q.unit === undefined ? scope : org.tree.scopeOf(q.unit);
    const { total, items } = await this.proceedings.list(
      { unitIds, ...(q.status ? { status: q.status } : {}), ...(q.officer ? { officerId: q.officer } : {}) },
      q.page,
      q.pageSize,
    );
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(proceedingSummary) };
  }

  /** The subject reads their own proceeding (what they answer, never a denouncer); readers those in their scope. */
  async detail(principal: Principal, proceedingId: string): Promise<ProceedingView> {
    return this.view(await this.access.subjectOrReader(principal, proceedingId), principal);
  }

  /** The one extension of the time to decide, to 150 days, with its reason: the authority's leaders. */
  async extend(principal: Principal, proceedingId: string, body: Later<ExtensionBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('extend', this.access, principal, d, ctx, body);
      const step = extendTimeToDecide(d.proceeding, { grantedOn: ctx.today, reason: b.reason }, ctx.limits);
      if (!step.ok) throw refusalError(step.refusal);
      const p = step.proceeding;
      return timeStep(d, p, 'proceeding.deadline_extended', ctx.limits, (about, version, at, dueOn) =>
        disciplineEvent('proceeding.deadline_extended', about, `v${version}`, at, {
          decisionDueOn: dueOn,
          reason: b.reason,
        }),
      );
    });
    return this.view(doc, principal);
  }

  /** A period that does not count towards the time to decide (illness, pregnancy or an infant, prosecution). */
  async exclude(principal: Principal, proceedingId: string, body: Later<ExclusionBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('exclude', this.access, principal, d, ctx, body);
      const [from, to] = [dayFromIso(b.from), dayFromIso(b.to)];
      if (Number.isNaN(from)) throw invalidField('from', 'not a real day');
      if (Number.isNaN(to)) throw invalidField('to', 'not a real day');
      const step = recordExclusion(d.proceeding, { kind: b.kind, from, to }, ctx.limits);
      if (!step.ok) throw refusalError(step.refusal);
      return timeStep(d, step.proceeding, 'proceeding.period_excluded', ctx.limits, (about, version, at, dueOn) =>
        disciplineEvent('proceeding.period_excluded', about, `v${version}`, at, {
          kind: b.kind,
          from: b.from,
          to: b.to,
          decisionDueOn: dueOn,
        }),
      );
    });
    return this.view(doc, principal);
  }
}

function timeStep(
  d: ProceedingDoc,
  p: Proceeding,
  action: string,
  limits: DisciplineTimeLimits,
  event: (
    about: { proceedingId: string; officerId: string; unitId: string },
    version: number,
    at: number,
    dueOn: string,
  ) => ReturnType<StepOutcome['events']>[number],
): StepOutcome {
  const dueOn = isoFromDay(decisionDueOn(p, limits));
  const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
  return {
    proceeding: p,
    events: (version, at) => [event(about, version, at, dueOn)],
    audit: { action, after: { decisionDueOn: dueOn } },
  };
}
