import type { RuleId } from '@thads/contracts';
import { toVnRfc3339 } from './calendar/calendar';
import type { RuleVersion } from './catalogue';
import { raise, type RaisedFinding } from './finding';
import { dateEn, dateVi, percent, vndEn, vndVi } from './format';

/**
 * Rules over many cases: facts that the case stage emits, re-keyed by the subject they are about
 * (an officer, a unit, a payee), judged in event time by the subject stage.
 */
export type Fact =
  | { k: 'complaint'; subject: string; id: string; at: number; unitId: string; officerId: string; complaintId: string }
  | {
      k: 'classified';
      subject: string;
      id: string;
      at: number;
      unitId: string;
      officerId: string;
      caseId: string;
      category: 'able' | 'unable';
    }
  | {
      k: 'payout';
      subject: string;
      id: string;
      at: number;
      unitId: string;
      caseId: string;
      officerId?: string;
      payeeId: string;
      amount: number;
    };

export interface SubjectState {
  subject: string;
  /** Recent facts inside the longest window, oldest first. */
  facts: Fact[];
  /** Rules whose condition is true now (an episode is open). */
  open: string[];
}

export function newSubjectState(subject: string): SubjectState {
  return { subject, facts: [], open: [] };
}

/** The rule book's `at`: the version in force, its params typed by rule. */
type Config = <R extends RuleId>(ruleId: R, unitId: string, at: number) => RuleVersion<R>;

const DAY = 86_400_000;

/** Opens an episode when the condition turns true; closes it when false. Returns true on opening. */
function episode(state: SubjectState, ruleId: string, condition: boolean): boolean {
  const open = state.open.includes(ruleId);
  if (condition && !open) {
    state.open.push(ruleId);
    return true;
  }
  if (!condition && open) state.open = state.open.filter((r) => r !== ruleId);
  return false;
}

/** Applies one fact (in event-time order) and returns the findings it raises. Ignores a fact seen before. */
export function applyFact(state: SubjectState, fact: Fact, config: Config): RaisedFinding[] {
  if (state.facts.some((f) => f.id === fact.id)) return [];
  state.facts.push(fact);
  const out: RaisedFinding[] = [];
  switch (fact.k) {
    case 'complaint':
      complaintCluster(state, fact, config, out);
      break;
    case 'payout':
      splitPayouts(state, fact, config, out);
      break;
    case 'classified':
      unableRateOutlier(state, fact, config, out);
      break;
    default:
      break;
  }
  return out;
}

function complaintCluster(
  state: SubjectState,
  fact: Extract<Fact, { k: 'complaint' }>,
  config: Config,
  out: RaisedFinding[],
): void {
  const cfg = config('complaint-cluster', fact.unitId, fact.at);
  const { days, count: limit } = cfg.params;
  state.facts = state.facts.filter((f) => f.at > fact.at - days * DAY);
  const inWindow = state.facts.filter((f) => f.k === 'complaint');
  if (!episode(state, 'complaint-cluster', inWindow.length >= limit)) return;
  out.push(
    raise({
      ruleId: 'complaint-cluster',
      ruleVersion: cfg.version,
      severity: cfg.severity,
      legalBasis: cfg.legalBasis,
      subject: state.subject,
      occurrence: `episode:${fact.id}`,
      unitId: fact.unitId,
      officerId: fact.officerId,
      detectedAt: toVnRfc3339(fact.at),
      title: { vi: 'Nhiều khiếu nại, tố cáo đối với một cán bộ', en: 'Cluster of complaints against one officer' },
      explanation: {
        vi: `Cán bộ ${fact.officerId} bị ${inWindow.length} khiếu nại/tố cáo trong ${days} ngày tính đến ${dateVi(fact.at)} (ngưỡng ${limit}).`,
        en: `Officer ${fact.officerId} was named in ${inWindow.length} complaints or denunciations in the ${days} days to ${dateEn(fact.at)} (limit ${limit}).`,
      },
      eventIds: inWindow.map((f) => f.id),
      figures: { complaints: inWindow.length, limit, days, complaintIds: inWindow.map((f) => f.complaintId) },
    }),
  );
}

function splitPayouts(
  state: SubjectState,
  fact: Extract<Fact, { k: 'payout' }>,
  config: Config,
  out: RaisedFinding[],
): void {
  const cfg = config('split-payouts', fact.unitId, fact.at);
  const { days, approvalThresholdVnd: threshold, count: minCount } = cfg.params;
  state.facts = state.facts.filter((f) => f.at > fact.at - days * DAY);
  const small = state.facts.filter(
    (f): f is Extract<Fact, { k: 'payout' }> => f.k === 'payout' && f.amount < threshold,
  );
  const total = small.reduce((s, f) => s + f.amount, 0);
  if (!episode(state, 'split-payouts', small.length >= minCount && total > threshold)) return;
  out.push(
    raise({
      ruleId: 'split-payouts',
      ruleVersion: cfg.version,
      severity: cfg.severity,
      legalBasis: cfg.legalBasis,
      subject: state.subject,
      occurrence: `episode:${fact.id}`,
      unitId: fact.unitId,
      caseId: fact.caseId,
      officerId: fact.officerId,
      detectedAt: toVnRfc3339(fact.at),
      title: { vi: 'Chia nhỏ khoản chi để tránh ngưỡng phê duyệt', en: 'Payouts split below the approval threshold' },
      explanation: {
        vi: `${small.length} khoản chi cho ${fact.payeeId} trong ${days} ngày, mỗi khoản dưới ${vndVi(threshold)}, tổng ${vndVi(total)}.`,
        en: `${small.length} payouts to ${fact.payeeId} within ${days} days, each below ${vndEn(threshold)}, together ${vndEn(total)}.`,
      },
      eventIds: small.map((f) => f.id),
      figures: {
        payeeId: fact.payeeId,
        payouts: small.length,
        total,
        threshold,
        days,
        caseIds: [...new Set(small.map((f) => f.caseId))],
      },
    }),
  );
}

function unableRateOutlier(
  state: SubjectState,
  fact: Extract<Fact, { k: 'classified' }>,
  config: Config,
  out: RaisedFinding[],
): void {
  const cfg = config('unable-rate-outlier', fact.unitId, fact.at);
  const { days, minCases } = cfg.params;
  state.facts = state.facts.filter((f) => f.at > fact.at - days * DAY);
  // The latest classification of each case counts, attributed to the officer who made it.
  const latest = new Map<string, Extract<Fact, { k: 'classified' }>>();
  for (const f of state.facts) if (f.k === 'classified') latest.set(f.caseId, f);
  const byOfficer = new Map<string, { n: number; unable: number }>();
  for (const f of latest.values()) {
    const o = byOfficer.get(f.officerId) ?? { n: 0, unable: 0 };
    o.n += 1;
    if (f.category === 'unable') o.unable += 1;
    byOfficer.set(f.officerId, o);
  }
  for (const [officerId, me] of [...byOfficer].sort(([a], [b]) => a.localeCompare(b))) {
    const others = [...byOfficer].filter(([id, o]) => id !== officerId && o.n > 0).map(([, o]) => o.unable / o.n);
    const share = me.unable / me.n;
    let condition = false;
    let mean = 0;
    let sd = 0;
    if (me.n >= minCases && others.length > 0) {
      mean = others.reduce((s, x) => s + x, 0) / others.length;
      sd = Math.sqrt(others.reduce((s, x) => s + (x - mean) ** 2, 0) / others.length);
      condition = share > mean + 2 * sd && share > 1.5 * mean;
    }
    const key = `unable-rate-outlier:${officerId}`;
    if (!episode(state, key, condition)) continue;
    out.push(
      raise({
        ruleId: 'unable-rate-outlier',
        ruleVersion: cfg.version,
        severity: cfg.severity,
        legalBasis: cfg.legalBasis,
        subject: `officer:${officerId}`,
        occurrence: `episode:${fact.id}`,
        unitId: fact.unitId,
        officerId,
        detectedAt: toVnRfc3339(fact.at),
        title: {
          vi: 'Tỷ lệ phân loại chưa có điều kiện cao bất thường',
          en: 'Unusually high share of cases classified unable',
        },
        explanation: {
          vi: `Chấp hành viên ${officerId} phân loại ${me.unable}/${me.n} việc (${percent(share)}) chưa có điều kiện trong ${days} ngày; trung bình các Chấp hành viên khác ${percent(mean)} (độ lệch chuẩn ${percent(sd)}).`,
          en: `Officer ${officerId} classified ${me.unable} of ${me.n} cases (${percent(share)}) as unable in ${days} days; other officers of the unit average ${percent(mean)} (standard deviation ${percent(sd)}).`,
        },
        eventIds: [fact.id],
        figures: {
          officerId,
          classified: me.n,
          unable: me.unable,
          share,
          peerMean: mean,
          peerSd: sd,
          peers: others.length,
          minCases,
          days,
        },
      }),
    );
  }
}

/** Subject key of each fact kind: complaints by officer, classifications by unit, payouts by payee. */
export const subjectKey = {
  officer: (officerId: string) => `officer:${officerId}`,
  unit: (unitId: string) => `unit:${unitId}`,
  payee: (payeeId: string) => `payee:${payeeId}`,
};

/** The rules judged here rather than by a case rule in `ALL_RULES`. */
export const SUBJECT_RULE_IDS = [
  'complaint-cluster',
  'unable-rate-outlier',
  'split-payouts',
] as const satisfies readonly RuleId[];

/** The facts an applied case event contributes to the subject rules. */
export function factsFromEvent(
  event: { type: string; eventId: string; data: Record<string, unknown> },
  at: number,
  state: { caseId: string; unitId: string; officerId?: string },
): Fact[] {
  switch (event.type) {
    case 'complaint.received': {
      const officerId = event.data['againstOfficerId'];
      if (typeof officerId !== 'string') return [];
      return [
        {
          k: 'complaint',
          subject: subjectKey.officer(officerId),
          id: event.eventId,
          at,
          unitId: state.unitId,
          officerId,
          complaintId: String(event.data['complaintId']),
        },
      ];
    }
    case 'case.classified':
      if (!state.officerId) return [];
      return [
        {
          k: 'classified',
          subject: subjectKey.unit(state.unitId),
          id: event.eventId,
          at,
          unitId: state.unitId,
          officerId: state.officerId,
          caseId: state.caseId,
          category: event.data['category'] === 'unable' ? 'unable' : 'able',
        },
      ];
    case 'finance.disbursed': {
      const payeeId = String(event.data['payeeId']);
      const fact: Fact = {
        k: 'payout',
        subject: subjectKey.payee(payeeId),
        id: event.eventId,
        at,
        unitId: state.unitId,
        caseId: state.caseId,
        payeeId,
        amount: Number(event.data['amount']),
      };
      if (state.officerId) fact.officerId = state.officerId;
      return [fact];
    }
    default:
      return [];
  }
}
