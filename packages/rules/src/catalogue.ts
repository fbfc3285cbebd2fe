import type { Bilingual, RuleId, Severity } from '@thads/contracts';

/**
 * The thresholds each rule reads, by name (RULES.md, "default threshold"). Every threshold is a
 * number. The names are kept at run time because rule versions come from the store, where an
 * administrator may have left one out: the rule book refuses such a version at start-up rather
 * than let a rule read `undefined`.
 */
export const RULE_PARAM_NAMES = {
  'late-decision': ['workingDays'],
  'verification-overdue': ['voluntaryDays', 'verificationDays'],
  'unable-without-verification': [],
  'stale-unable-reverification': ['days'],
  'repeated-postponement': ['count'],
  'stagnant-case': ['days'],
  'reassignment-before-payout': ['days'],
  'late-complaint-resolution': ['days'],
  'payout-overdue': ['days', 'criticalFromVnd'],
  'cash-not-deposited': ['workingDays'],
  'payee-not-party': [],
  'over-disbursement': ['toleranceVnd'],
  'closed-with-undisbursed-funds': ['toleranceVnd'],
  'fee-waiver-without-grounds': [],
  'split-payouts': ['count', 'days', 'approvalThresholdVnd'],
  'auction-below-valuation': ['minShareOfValuation'],
  'excessive-price-reduction': ['maxCutShare'],
  'single-bidder-sale': ['maxBidders'],
  'related-party': [],
  'complaint-cluster': ['count', 'days'],
  'unable-rate-outlier': ['days', 'minCases'],
} as const satisfies { readonly [R in RuleId]: readonly string[] };

/** The name of a threshold some rule reads. */
export type ParamName = (typeof RULE_PARAM_NAMES)[RuleId][number];

/**
 * What a threshold measures, and so which values make sense: a number of days, a count, an
 * amount in đồng, a share between 0 and 1. Administrators set thresholds through the detector's
 * API; the rule book refuses a value outside its kind there and again at start-up, so that no
 * rule ever reads a negative number of days or a share above one.
 */
export type ParamKind = 'days' | 'count' | 'vnd' | 'share';

export const PARAM_KINDS = {
  workingDays: 'days',
  voluntaryDays: 'days',
  verificationDays: 'days',
  days: 'days',
  count: 'count',
  minCases: 'count',
  maxBidders: 'count',
  criticalFromVnd: 'vnd',
  toleranceVnd: 'vnd',
  approvalThresholdVnd: 'vnd',
  minShareOfValuation: 'share',
  maxCutShare: 'share',
} as const satisfies Record<ParamName, ParamKind>;

/** The values each kind accepts (ten years of days; amounts up to a million billion đồng). */
export const PARAM_LIMITS: Readonly<
  Record<ParamKind, { min: number; max: number; integer: boolean; meaning: string }>
> = {
  days: { min: 0, max: 3650, integer: true, meaning: 'a whole number of days from 0 to 3650' },
  count: { min: 1, max: 100_000, integer: true, meaning: 'a whole number from 1 to 100000' },
  vnd: { min: 0, max: 1e15, integer: true, meaning: 'a whole amount in đồng from 0 to 1000000000000000' },
  share: { min: 0, max: 1, integer: false, meaning: 'a share from 0 to 1 (0.7 is 70%)' },
};

/** Why `value` cannot be threshold `name`, or undefined when it can. */
export function paramProblem(name: ParamName, value: unknown): string | undefined {
  const limits = PARAM_LIMITS[PARAM_KINDS[name]];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= limits.min &&
    value <= limits.max &&
    (!limits.integer || Number.isInteger(value));
  return ok ? undefined : limits.meaning;
}

/**
 * The params of each rule, keyed by rule id: `RuleParams['late-decision']` is
 * `{ workingDays: number }`. Rule code reads them as they are; the values (defaults included)
 * live only in the catalogue below and in the store.
 */
export type RuleParams = { [R in RuleId]: { [P in (typeof RULE_PARAM_NAMES)[R][number]]: number } };

/**
 * One version of one rule's configuration: thresholds, severity, legal basis. Versions take
 * effect on a date; an event is judged by the version in force when it happened (DOMAIN.md:
 * the law changes on 1 July 2026). Article numbers live here, not in rule code.
 */
export interface RuleVersionOf<R extends RuleId> {
  ruleId: R;
  version: number;
  /** First day (Vietnam time, `YYYY-MM-DD`) on which this version applies. */
  effectiveFrom: string;
  severity: Severity;
  legalBasis: Bilingual;
  params: RuleParams[R];
  /** A unit's own thresholds, when an administrator has set them. */
  unitId?: string;
}

/**
 * A version of rule `R`; without `R`, a version of any rule, discriminated by `ruleId` (so
 * `v.ruleId === 'late-decision'` makes `v.params.workingDays` readable).
 */
export type RuleVersion<R extends RuleId = RuleId> = { [K in R]: RuleVersionOf<K> }[R];

/**
 * A rule version as the store holds it. An administrator writes these, so the rule id may be
 * one this code does not implement and the params may be incomplete; the rule book checks both
 * before any rule reads them.
 */
export interface StoredRuleVersion {
  ruleId: string;
  version: number;
  effectiveFrom: string;
  severity: Severity;
  legalBasis: Bilingual;
  params: Readonly<Record<string, unknown>>;
  unitId?: string;
}

const LAW = {
  vi: 'Luật Thi hành án dân sự 2008 (sửa đổi 2014)',
  en: 'Law on Civil Judgment Enforcement 2008 (amended 2014)',
};
const LAW_2025 = {
  vi: 'Luật Thi hành án dân sự 2025 (Luật số 106/2025/QH15)',
  en: 'Law on Civil Judgment Enforcement 2025 (Law 106/2025/QH15)',
};
const NEW_LAW_FROM = '2026-07-01';

function basis(law: Bilingual, viArticle: string, enArticle: string): Bilingual {
  return { vi: `${viArticle}, ${law.vi}`, en: `${enArticle}, ${law.en}` };
}

/** Version 1 of a rule, in force from before any case the detector will see. */
function v1<R extends RuleId>(
  ruleId: R,
  severity: Severity,
  legalBasis: Bilingual,
  params: RuleParams[R],
): RuleVersionOf<R> {
  return { ruleId, version: 1, effectiveFrom: '2000-01-01', severity, legalBasis, params };
}

/** The default catalogue shipped with the code (RULES.md v1). */
export const DEFAULT_RULE_VERSIONS: RuleVersion[] = [
  {
    ruleId: 'late-decision',
    version: 1,
    effectiveFrom: '2000-01-01',
    severity: 'medium',
    legalBasis: basis(LAW, 'Điều 36', 'Art. 36'),
    params: { workingDays: 5 },
  },
  {
    ruleId: 'late-decision',
    version: 2,
    effectiveFrom: NEW_LAW_FROM,
    severity: 'medium',
    legalBasis: basis(LAW_2025, 'Điều 33', 'Art. 33'),
    params: { workingDays: 5 },
  },
  {
    ruleId: 'payout-overdue',
    version: 1,
    effectiveFrom: '2000-01-01',
    severity: 'high',
    legalBasis: basis(LAW, 'Điều 47', 'Art. 47'),
    params: { days: 10, criticalFromVnd: 500_000_000 },
  },
  {
    ruleId: 'payout-overdue',
    version: 2,
    effectiveFrom: NEW_LAW_FROM,
    severity: 'high',
    legalBasis: basis(LAW_2025, 'Điều 54', 'Art. 54'),
    params: { days: 10, criticalFromVnd: 500_000_000 },
  },
  {
    ruleId: 'payee-not-party',
    version: 1,
    effectiveFrom: '2000-01-01',
    severity: 'critical',
    legalBasis: basis(LAW, 'Điều 47', 'Art. 47'),
    params: {},
  },
  {
    ruleId: 'payee-not-party',
    version: 2,
    effectiveFrom: NEW_LAW_FROM,
    severity: 'critical',
    legalBasis: basis(LAW_2025, 'Điều 54', 'Art. 54'),
    params: {},
  },
  v1('verification-overdue', 'medium', basis(LAW, 'Điều 44, 45', 'Art. 44, 45'), {
    voluntaryDays: 10,
    verificationDays: 10,
  }),
  v1('unable-without-verification', 'high', basis(LAW, 'Điều 44a', 'Art. 44a'), {}),
  v1(
    'stale-unable-reverification',
    'medium',
    basis(LAW, 'Điều 44 (xác minh lại ít nhất 6 tháng một lần)', 'Art. 44 (re-verification at least every 6 months)'),
    { days: 180 },
  ),
  v1('repeated-postponement', 'medium', basis(LAW, 'Điều 48', 'Art. 48'), { count: 3 }),
  v1(
    'stagnant-case',
    'low',
    { vi: 'Hướng dẫn giảm án tồn đọng, kéo dài', en: 'Backlog guideline (án tồn đọng, kéo dài)' },
    { days: 90 },
  ),
  v1(
    'reassignment-before-payout',
    'medium',
    { vi: 'Hướng dẫn kiểm soát nội bộ', en: 'Internal-control guideline' },
    { days: 10 },
  ),
  v1(
    'late-complaint-resolution',
    'medium',
    { vi: `Chương IX, ${LAW.vi}; Luật Tố cáo`, en: `Ch. IX, ${LAW.en}; Law on Denunciations` },
    { days: 30 },
  ),
  v1(
    'cash-not-deposited',
    'high',
    { vi: 'Quy định về tài khoản tạm giữ tại Kho bạc', en: 'Custody-account rules (tài khoản tạm giữ tại Kho bạc)' },
    { workingDays: 1 },
  ),
  v1(
    'over-disbursement',
    'critical',
    { vi: `Điều 47, ${LAW.vi}; chế độ kế toán nghiệp vụ thi hành án`, en: `Art. 47, ${LAW.en}; accounting rules` },
    { toleranceVnd: 0 },
  ),
  v1('closed-with-undisbursed-funds', 'high', basis(LAW, 'Điều 47, 52', 'Art. 47, 52'), { toleranceVnd: 0 }),
  v1(
    'fee-waiver-without-grounds',
    'medium',
    { vi: 'Quy định về phí thi hành án dân sự', en: 'Enforcement-fee rules' },
    {},
  ),
  v1('excessive-price-reduction', 'high', basis(LAW, 'Điều 104', 'Art. 104'), { maxCutShare: 0.1 }),
  v1(
    'related-party',
    'critical',
    { vi: 'Luật Phòng, chống tham nhũng (xung đột lợi ích)', en: 'Law on Anti-Corruption (conflict of interest)' },
    {},
  ),
  v1(
    'complaint-cluster',
    'high',
    { vi: 'Hướng dẫn can thiệp sớm', en: 'Early-intervention guideline' },
    { count: 3, days: 365 },
  ),
  v1(
    'unable-rate-outlier',
    'medium',
    { vi: 'Hướng dẫn so sánh giữa các Chấp hành viên', en: 'Peer-comparison guideline' },
    { days: 365, minCases: 20 },
  ),
  v1(
    'split-payouts',
    'high',
    { vi: 'Hướng dẫn kiểm soát nội bộ (chia nhỏ khoản chi)', en: 'Internal-control guideline (structuring)' },
    { count: 3, days: 2, approvalThresholdVnd: 100_000_000 },
  ),
  v1('single-bidder-sale', 'medium', { vi: 'Luật Đấu giá tài sản', en: 'Law on Property Auction' }, { maxBidders: 1 }),
  // The 2025 law renumbers the articles these rules cite (DOMAIN.md).
  {
    ruleId: 'verification-overdue',
    version: 2,
    effectiveFrom: NEW_LAW_FROM,
    severity: 'medium',
    legalBasis: basis(LAW_2025, 'Điều 38', 'Art. 38'),
    params: { voluntaryDays: 10, verificationDays: 10 },
  },
  {
    ruleId: 'closed-with-undisbursed-funds',
    version: 2,
    effectiveFrom: NEW_LAW_FROM,
    severity: 'high',
    legalBasis: basis(LAW_2025, 'Điều 54, 55', 'Art. 54, 55'),
    params: { toleranceVnd: 0 },
  },
  {
    ruleId: 'auction-below-valuation',
    version: 1,
    effectiveFrom: '2000-01-01',
    severity: 'high',
    legalBasis: basis(LAW, 'Điều 98–104', 'Art. 98–104'),
    params: { minShareOfValuation: 0.7 },
  },
];
