import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InspectionEventOf } from '@thads/contracts';
import { isoFromDay, type Day } from '@thads/rules';
import type { OrgSnapshot } from '@thads/org';
import { AppError } from '@thads/http';
import { Refused } from '@thads/platform';
import {
  decisionDueOn,
  discoveredOn,
  factsOn,
  joinReferral,
  openProceeding,
  positionOfRole,
  regimesOf,
  routeReferral,
  type DisciplineTimeLimits,
  type Proceeding,
  type ReferredFinding,
  type Subject,
} from '../domain';
import { AuditOnce } from '../core/audit-once';
import type { Announcement } from '../core/outbox';
import { CLOCK, type Clock } from '../core/clock';
import { disciplineEvent } from './announcements';
import type { FindingRecord, ProceedingDoc } from './proceeding-record';
import { ProceedingSteps } from './proceeding-steps.service';
import { ProceedingsRepository } from './proceedings.repository';
import { referralOf } from './referral';

export type ReferralAnswer = 'opened' | 'time_barred' | 'joined' | 'held' | 'known' | 'no_officer';

const ACTOR = 'system:intake';

/**
 * Assumption, for a lawyer to confirm: THADS officers (enforcement officers, inspectors-examiners,
 * clerks, accountants) are civil servants; the registry does not say otherwise, so every subject
 * is judged under the civil servants' regimes.
 */
const EMPLOYMENT = 'civil_servant' as const;

/** A referral the domain could no longer join (the proceeding moved on meanwhile): route it again. */
class Rerouted extends Error {}

/**
 * Referrals from `integrity.inspections.v1` become proceedings, one per officer: a referral opens
 * one, joins the officer's open one while the subject has not been heard, or waits until the heard
 * one is decided (`routeReferral`). A referral delivered again finds its finding known and changes
 * nothing.
 */
@Injectable()
export class IntakeService {
  private readonly log = new Logger('Intake');

  constructor(
    private readonly proceedings: ProceedingsRepository,
    private readonly steps: ProceedingSteps,
    private readonly audit: AuditOnce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async refer(event: InspectionEventOf<'inspection.referred'>): Promise<ReferralAnswer> {
    const officerId = event.officerId;
    if (officerId === undefined) {
      this.log.warn(`referral ${event.eventId} names no officer: no proceeding can be opened`);
      return 'no_officer';
    }
    const { finding, record } = referralOf(event);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        return await this.route(officerId, event.unitId, [finding], [record]);
      } catch (err) {
        // The officer's proceeding moved on meanwhile (a step by the committee): route it again.
        const raced = err instanceof AppError && err.code === 'PROCEEDING_CHANGED';
        if (!(err instanceof Rerouted) && !raced) throw err;
      }
    }
    // Not an AppError: the consumer retries it with backoff instead of skipping the referral.
    throw new Error(`referral ${event.eventId}: the officer's proceedings kept changing`);
  }

  /**
   * After a decision (or a closure) of an officer's proceeding, the referrals held for it open
   * the next proceeding, together.
   */
  async releaseHeld(officerId: string, unitId: string): Promise<void> {
    const held = await this.proceedings.heldFor(officerId);
    if (held.length === 0) return;
    const answer = await this.route(
      officerId,
      unitId,
      held.map((h) => h.finding),
      held.map((h) => h.record),
      true,
    );
    // Held again (another proceeding of the officer is being heard): they stay where they are.
    if (answer !== 'held') await this.proceedings.release(held.map((h) => h._id));
  }

  private async route(
    officerId: string,
    unitId: string,
    findings: ReferredFinding[],
    records: FindingRecord[],
    released = false,
  ): Promise<ReferralAnswer> {
    const mine = await this.proceedings.byOfficer(officerId);
    const held = released ? [] : await this.proceedings.heldFor(officerId);
    const known = new Set([
      ...mine.flatMap((d) => d.findings.map((f) => f.findingId)),
      ...held.map((h) => h.finding.findingId),
    ]);
    const fresh = findings.filter((f) => !known.has(f.findingId));
    if (fresh.length === 0) return 'known';
    const freshRecords = records.filter((r) => fresh.some((f) => f.findingId === r.findingId));
    const route = routeReferral(
      mine.map((d) => d.proceeding),
      officerId,
    );
    switch (route.route) {
      case 'open_new':
        return this.open(officerId, unitId, fresh, freshRecords);
      case 'join':
        await this.join(route.proceedingId, officerId, fresh, freshRecords);
        return 'joined';
      case 'hold_until_decided': {
        const at = new Date(this.clock.now()).toISOString();
        await this.proceedings.hold(
          fresh.map((f) => ({
            _id: `${officerId}:${f.findingId}`,
            officerId,
            heldFor: route.proceedingId,
            finding: f,
            record: freshRecords.find((r) => r.findingId === f.findingId)!,
            at,
          })),
        );
        await this.audit.append({
          entryId: `held:${route.proceedingId}:${fresh.map((f) => f.findingId).join(',')}`,
          entry: {
            at,
            actor: ACTOR,
            action: 'referral.held',
            subject: `proceeding:${route.proceedingId}`,
            after: { findingIds: fresh.map((f) => f.findingId), reason: route.reason },
          },
        });
        return 'held';
      }
    }
  }

  private subjectOf(officerId: string, unitId: string, org: OrgSnapshot): Subject {
    const officer = org.officer(officerId);
    return {
      officerId,
      unitId: officer?.unitId ?? unitId,
      employment: EMPLOYMENT,
      position: positionOfRole(officer?.role),
    };
  }

  private async open(
    officerId: string,
    unitId: string,
    findings: ReferredFinding[],
    records: FindingRecord[],
  ): Promise<ReferralAnswer> {
    const ctx = await this.steps.context(officerId, unitId);
    const subject = this.subjectOf(officerId, unitId, ctx.org);
    const proceedingId = `DP-${findings[0]!.findingId}`;
    const opened = openProceeding(proceedingId, subject, { officerId, findings }, ctx.today, ctx.limits);
    // Refused, not retried: the same referral would be refused again and would block its partition.
    if (!opened.ok) throw new Refused(`cannot open ${proceedingId}: ${opened.refusal.message}`);
    const p = opened.proceeding;
    const openedAt = new Date(ctx.now).toISOString();
    const doc: Omit<ProceedingDoc, 'version' | 'pending' | 'unsent'> = {
      _id: proceedingId,
      officerId,
      unitId: subject.unitId,
      status: p.status,
      proceeding: p,
      findings: records,
      recusals: [],
      submissions: [],
      openedAt,
      updatedAt: openedAt,
    };
    const about = { proceedingId, officerId, unitId: subject.unitId };
    const created = await this.steps.create(
      doc,
      (at) =>
        p.status === 'closed_time_barred'
          ? timeBarredEvents(about, p.timeBarred, findings, 'v1', at)
          : [openedEvent(about, p, ctx.limits, at), ...timeBarredEvents(about, p.timeBarred, findings, 'v1', at)],
      ACTOR,
      ctx,
    );
    // Someone opened it between our read and our insert: the referral is in it, or will be rerouted.
    if (!created) throw new Rerouted();
    return p.status === 'closed_time_barred' ? 'time_barred' : 'opened';
  }

  private async join(
    proceedingId: string,
    officerId: string,
    findings: ReferredFinding[],
    records: FindingRecord[],
  ): Promise<void> {
    await this.steps.apply(proceedingId, ACTOR, (doc, ctx) => {
      const joined = joinReferral(doc.proceeding, { officerId, findings }, ctx.today, ctx.limits);
      if (!joined.ok) throw new Rerouted();
      const p = joined.proceeding;
      const barred = p.timeBarred.filter((b) => !doc.proceeding.timeBarred.some((x) => x.findingId === b.findingId));
      const within = p.findings.filter((f) => !doc.proceeding.findings.some((x) => x.findingId === f.findingId));
      const about = { proceedingId, officerId, unitId: doc.unitId };
      return {
        proceeding: p,
        changes: { findings: [...doc.findings, ...records] },
        events: (version, at) => [
          ...(within.length > 0
            ? [
                disciplineEvent('proceeding.joined', about, `v${version}`, at, {
                  findingIds: within.map((f) => f.findingId),
                }),
              ]
            : []),
          ...timeBarredEvents(about, barred, findings, `v${version}`, at),
        ],
        audit: {
          action: 'proceeding.joined',
          after: {
            findingIds: within.map((f) => f.findingId),
            timeBarred: barred.map((b) => b.findingId),
            ...(doc.status !== p.status ? { summonsWithdrawn: true } : {}),
          },
        },
      };
    });
  }
}

type About = { proceedingId: string; officerId: string; unitId: string };

function openedEvent(about: About, p: Proceeding, limits: DisciplineTimeLimits, at: number): Announcement {
  const first = factsOn(p)!;
  const limitationEnds = p.findings
    .map((f) => limits.limitationCheck(f.factsOn, f.breachClass, p.openedOn).lastDay)
    .filter((d): d is Day => d !== undefined);
  return disciplineEvent('proceeding.opened', about, 'v1', at, {
    findingIds: p.findings.map((f) => f.findingId),
    regime: regimesOf(p).join('+'),
    factsOn: isoFromDay(first),
    discoveredOn: isoFromDay(discoveredOn(p)),
    decisionDueOn: isoFromDay(decisionDueOn(p, limits)),
    ...(limitationEnds.length > 0 ? { limitationEndsOn: isoFromDay(Math.min(...limitationEnds)) } : {}),
  });
}

function timeBarredEvents(
  about: About,
  barred: Proceeding['timeBarred'],
  referred: readonly ReferredFinding[],
  step: string,
  at: number,
): Announcement[] {
  return barred.map((b) =>
    disciplineEvent('proceeding.time_barred', about, `${step}:${b.findingId}`, at, {
      findingIds: [b.findingId],
      factsOn: isoFromDay(referred.find((f) => f.findingId === b.findingId)?.factsOn ?? b.lastDay),
      expiredOn: isoFromDay(b.lastDay),
      reason: b.message,
    }),
  );
}
