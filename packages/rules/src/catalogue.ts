import type { Severity } from '@thads/contracts';

/**
 * One version of one rule's configuration: thresholds, severity, legal basis. Versions take
 * effect on a date; an event is judged by the version in force when it happened (DOMAIN.md:
 * the law changes on 1 July 2026). Article numbers live here, not in rule code.
 */
export interface RuleVersion {
  ruleId: string;
  version: number;
  /** First day (Vietnam time, `YYYY-MM-DD`) on which this version applies. */
  effectiveFrom: string;
  severity: Severity;
  legalBasis: { vi: string; en: string };
  params: Record<string, number>;
  /** A unit's own thresholds, when an administrator has set them. */
  unitId?: string;
}

const LAW = { vi: 'Luật Thi hành án dân sự 2008 (sửa đổi 2014)', en: 'Law on Civil Judgment Enforcement 2008 (amended 2014)' };
const LAW_2025 = { vi: 'Luật Thi hành án dân sự 2025 (Luật số 106/2025/QH15)', en: 'Law on Civil Judgment Enforcement 2025 (Law 106/2025/QH15)' };
const NEW_LAW_FROM = '2026-07-01';

function basis(law: { vi: string; en: string }, viArticle: string, enArticle: string) {
  return { vi: `${viArticle}, ${law.vi}`, en: `${enArticle}, ${law.en}` };
}

/** The default catalogue shipped with the code (RULES.md v1). */
export const DEFAULT_RULE_VERSIONS: RuleVersion[] = [
  {
    ruleId: 'late-decision', version: 1, effectiveFrom: '2000-01-01', severity: 'medium',
    legalBasis: basis(LAW, 'Điều 36', 'Art. 36'), params: { workingDays: 5 },
  },
  {
    ruleId: 'late-decision', version: 2, effectiveFrom: NEW_LAW_FROM, severity: 'medium',
    legalBasis: basis(LAW_2025, 'Điều 33', 'Art. 33'), params: { workingDays: 5 },
  },
  {
    ruleId: 'payout-overdue', version: 1, effectiveFrom: '2000-01-01', severity: 'high',
    legalBasis: basis(LAW, 'Điều 47', 'Art. 47'), params: { days: 10, criticalFromVnd: 500_000_000 },
  },
  {
    ruleId: 'payout-overdue', version: 2, effectiveFrom: NEW_LAW_FROM, severity: 'high',
    legalBasis: basis(LAW_2025, 'Điều 54', 'Art. 54'), params: { days: 10, criticalFromVnd: 500_000_000 },
  },
  {
    ruleId: 'payee-not-party', version: 1, effectiveFrom: '2000-01-01', severity: 'critical',
    legalBasis: basis(LAW, 'Điều 47', 'Art. 47'), params: {},
  },
  {
    ruleId: 'payee-not-party', version: 2, effectiveFrom: NEW_LAW_FROM, severity: 'critical',
    legalBasis: basis(LAW_2025, 'Điều 54', 'Art. 54'), params: {},
  },
  ...[
    ['verification-overdue', 'medium', basis(LAW, 'Điều 44, 45', 'Art. 44, 45'), { voluntaryDays: 10, verificationDays: 10 }],
    ['unable-without-verification', 'high', basis(LAW, 'Điều 44a', 'Art. 44a'), {}],
    ['stale-unable-reverification', 'medium', basis(LAW, 'Điều 44 (xác minh lại ít nhất 6 tháng một lần)', 'Art. 44 (re-verification at least every 6 months)'), { days: 180 }],
    ['repeated-postponement', 'medium', basis(LAW, 'Điều 48', 'Art. 48'), { count: 3 }],
    ['stagnant-case', 'low', { vi: 'Hướng dẫn giảm án tồn đọng, kéo dài', en: 'Backlog guideline (án tồn đọng, kéo dài)' }, { days: 90 }],
    ['reassignment-before-payout', 'medium', { vi: 'Hướng dẫn kiểm soát nội bộ', en: 'Internal-control guideline' }, { days: 10 }],
    ['late-complaint-resolution', 'medium', { vi: `Chương IX, ${LAW.vi}; Luật Tố cáo`, en: `Ch. IX, ${LAW.en}; Law on Denunciations` }, { days: 30 }],
    ['cash-not-deposited', 'high', { vi: 'Quy định về tài khoản tạm giữ tại Kho bạc', en: 'Custody-account rules (tài khoản tạm giữ tại Kho bạc)' }, { workingDays: 1 }],
    ['over-disbursement', 'critical', { vi: `Điều 47, ${LAW.vi}; chế độ kế toán nghiệp vụ thi hành án`, en: `Art. 47, ${LAW.en}; accounting rules` }, { toleranceVnd: 0 }],
    ['closed-with-undisbursed-funds', 'high', basis(LAW, 'Điều 47, 52', 'Art. 47, 52'), { toleranceVnd: 0 }],
    ['fee-waiver-without-grounds', 'medium', { vi: 'Quy định về phí thi hành án dân sự', en: 'Enforcement-fee rules' }, {}],
    ['excessive-price-reduction', 'high', basis(LAW, 'Điều 104', 'Art. 104'), { maxCutShare: 0.1 }],
    ['related-party', 'critical', { vi: 'Luật Phòng, chống tham nhũng (xung đột lợi ích)', en: 'Law on Anti-Corruption (conflict of interest)' }, {}],
    ['complaint-cluster', 'high', { vi: 'Hướng dẫn can thiệp sớm', en: 'Early-intervention guideline' }, { count: 3, days: 365 }],
    ['unable-rate-outlier', 'medium', { vi: 'Hướng dẫn so sánh giữa các Chấp hành viên', en: 'Peer-comparison guideline' }, { days: 365, minCases: 20 }],
    ['split-payouts', 'high', { vi: 'Hướng dẫn kiểm soát nội bộ (chia nhỏ khoản chi)', en: 'Internal-control guideline (structuring)' }, { count: 3, days: 2, approvalThresholdVnd: 100_000_000 }],
    ['single-bidder-sale', 'medium', { vi: 'Luật Đấu giá tài sản', en: 'Law on Property Auction' }, { maxBidders: 1 }],
  ].map(([ruleId, severity, legalBasis, params]) => ({
    ruleId, version: 1, effectiveFrom: '2000-01-01', severity, legalBasis, params,
  }) as RuleVersion),
  // The 2025 law renumbers the articles these rules cite (DOMAIN.md).
  {
    ruleId: 'verification-overdue', version: 2, effectiveFrom: NEW_LAW_FROM, severity: 'medium',
    legalBasis: basis(LAW_2025, 'Điều 38', 'Art. 38'), params: { voluntaryDays: 10, verificationDays: 10 },
  },
  {
    ruleId: 'closed-with-undisbursed-funds', version: 2, effectiveFrom: NEW_LAW_FROM, severity: 'high',
    legalBasis: basis(LAW_2025, 'Điều 54, 55', 'Art. 54, 55'), params: { toleranceVnd: 0 },
  },
  {
    ruleId: 'auction-below-valuation', version: 1, effectiveFrom: '2000-01-01', severity: 'high',
    legalBasis: basis(LAW, 'Điều 98–104', 'Art. 98–104'), params: { minShareOfValuation: 0.7 },
  },
];
