import { isoFromDay } from '@thads/rules';
import type { OrgSnapshot } from '@thads/org';
import {
  allowedNext,
  appealDueOn,
  decisionDueOn,
  discoveredOn,
  dueSteps,
  factsOn,
  formsFor,
  redactForSubject,
  regimesOf,
  REGIMES,
  type DisciplineTimeLimits,
  type Outcome,
} from '../domain';
import type { ProceedingDoc } from './proceeding-record';
import { authorityUnitOf } from './proceeding-access';
import type { StepKind } from './step-rules';

const iso = (d: number | undefined) => (d === undefined ? undefined : isoFromDay(d));

function outcomeView(o: Outcome) {
  return o.kind === 'disciplined' ? { outcome: o.kind, form: o.form } : { outcome: o.kind };
}

/** A proceeding as its API answers it: days as `YYYY-MM-DD`, the limits worked out, the evidence without denouncers. */
export function proceedingView(doc: ProceedingDoc, limits: DisciplineTimeLimits, org: OrgSnapshot) {
  const p = doc.proceeding;
  const first = factsOn(p);
  const deadline = limits.decisionDeadline(discoveredOn(p), p.extension, p.exclusions);
  const limitation =
    first === undefined
      ? undefined
      : p.findings
          .map((f) => limits.limitationCheck(f.factsOn, f.breachClass, p.openedOn))
          .reduce<number | undefined>((min, c) => {
            if (c.lastDay === undefined) return min;
            return min === undefined ? c.lastDay : Math.min(min, c.lastDay);
          }, undefined);
  const name = (officerId: string) => org.officer(officerId)?.name;
  const sat = (officerId: string | undefined) =>
    officerId === undefined ? undefined : { officerId, ...(name(officerId) ? { name: name(officerId) } : {}) };
  return {
    proceedingId: doc._id,
    version: doc.version,
    status: p.status,
    allowedNext: [...allowedNext(p.status)],
    subject: { ...p.subject, ...(name(p.subject.officerId) ? { name: name(p.subject.officerId) } : {}) },
    authorityUnitId: authorityUnitOf(doc, org),
    regimes: regimesOf(p).map((id) => ({ id, label: REGIMES[id].label })),
    allowedForms: formsFor(p),
    openedOn: isoFromDay(p.openedOn),
    ...(first === undefined ? {} : { factsOn: isoFromDay(first) }),
    discoveredOn: isoFromDay(discoveredOn(p)),
    limits: {
      ...(limitation === undefined ? {} : { limitationEndsOn: isoFromDay(limitation) }),
      decisionDueOn: isoFromDay(decisionDueOn(p, limits)),
      decisionDays: deadline.days,
      excludedDays: deadline.excludedDays,
      ...(p.extension
        ? { extension: { grantedOn: isoFromDay(p.extension.grantedOn), reason: p.extension.reason } }
        : {}),
      exclusions: p.exclusions.map((e) => ({ kind: e.kind, from: isoFromDay(e.from), to: isoFromDay(e.to) })),
      running: dueSteps(p, limits).map((s) => ({
        step: s.step,
        dueOn: isoFromDay(s.dueOn),
        remindOn: isoFromDay(s.remindOn),
      })),
    },
    findings: doc.findings.map((f) => ({
      findingId: f.findingId,
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      detectedAt: f.detectedAt,
      ...(f.caseId ? { caseId: f.caseId } : {}),
      target: f.target,
      note: f.note,
      conclusion: { result: f.conclusion.result, reasoning: f.conclusion.reasoning, at: f.conclusion.at },
      ...(f.explanation ? { explanation: f.explanation } : {}),
      ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}),
      // The subject reads this view too: never a field that points to a denouncer, whatever the source sent.
      ...(f.evidence ? { evidence: redactForSubject(f.evidence) } : {}),
      timeBarred: p.timeBarred.some((b) => b.findingId === f.findingId),
    })),
    timeBarred: p.timeBarred.map((b) => ({
      findingId: b.findingId,
      lastDay: isoFromDay(b.lastDay),
      message: b.message,
    })),
    ...(p.council
      ? {
          council: {
            chair: sat(p.council.chair),
            member_1: sat(p.council.member_1),
            member_2: sat(p.council.member_2),
            ...(p.councilFormedOn === undefined ? {} : { formedOn: isoFromDay(p.councilFormedOn) }),
          },
        }
      : {}),
    recusals: doc.recusals,
    calls: p.calls.map((c) => ({
      summonedOn: isoFromDay(c.summonedOn),
      meetingOn: isoFromDay(c.meetingOn),
      ...(c.subject ? { subject: c.subject } : {}),
    })),
    ...(p.metOn === undefined ? {} : { metOn: isoFromDay(p.metOn) }),
    submissions: doc.submissions,
    rounds: p.rounds.map((r) => ({ ...r })),
    ...(p.recommendation
      ? { recommendation: { on: isoFromDay(p.recommendation.on), ...outcomeView(p.recommendation.outcome) } }
      : {}),
    ...(p.decision
      ? {
          decision: {
            on: isoFromDay(p.decision.on),
            ...outcomeView(p.decision.outcome),
            ...(p.decision.reason ? { reason: p.decision.reason } : {}),
            ...(p.decision.by ? { by: p.decision.by } : {}),
            ...(p.decision.servedOn === undefined ? {} : { servedOn: isoFromDay(p.decision.servedOn) }),
            ...(appealDueOn(p, limits) === undefined ? {} : { appealBy: iso(appealDueOn(p, limits)) }),
          },
        }
      : {}),
    ...(p.appeal
      ? {
          appeal: {
            lodgedOn: isoFromDay(p.appeal.lodgedOn),
            ...(p.appeal.reviewerId ? { reviewerId: p.appeal.reviewerId } : {}),
            ...(p.appeal.designatedBy ? { designatedBy: p.appeal.designatedBy } : {}),
            ...(p.appeal.designatedOn === undefined ? {} : { designatedOn: isoFromDay(p.appeal.designatedOn) }),
            dueOn: isoFromDay(limits.appealReviewDueBy(p.appeal.lodgedOn)),
            ...(doc.appeal ? { grounds: doc.appeal.grounds } : {}),
            ...(p.appeal.result ? { result: p.appeal.result } : {}),
            ...(p.appeal.form ? { form: p.appeal.form } : {}),
            ...(p.appeal.resolvedOn === undefined ? {} : { resolvedOn: isoFromDay(p.appeal.resolvedOn) }),
            ...(doc.appeal?.reasoning ? { reasoning: doc.appeal.reasoning } : {}),
          },
        }
      : {}),
    ...(p.investigators
      ? {
          investigators: {
            on: isoFromDay(p.investigators.on),
            signs: p.investigators.signs,
            note: p.investigators.note,
          },
        }
      : {}),
    ...(p.closure ? { closure: { on: isoFromDay(p.closure.on), message: p.closure.message } } : {}),
  };
}

/** With the steps the caller may take now (step-rules.ts). */
export type ProceedingView = ReturnType<typeof proceedingView> & { allowedSteps: StepKind[] };

/** A line of the proceedings list. */
export function proceedingSummary(doc: ProceedingDoc) {
  const p = doc.proceeding;
  return {
    proceedingId: doc._id,
    officerId: doc.officerId,
    unitId: doc.unitId,
    status: p.status,
    openedOn: isoFromDay(p.openedOn),
    findingIds: doc.findings.map((f) => f.findingId),
    ...(p.decision ? { decision: { on: isoFromDay(p.decision.on), ...outcomeView(p.decision.outcome) } } : {}),
    ...(p.appeal?.result ? { appealResult: p.appeal.result } : {}),
  };
}
