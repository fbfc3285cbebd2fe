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
  {
    ruleId: 'auction-below-valuation', version: 1, effectiveFrom: '2000-01-01', severity: 'high',
    legalBasis: basis(LAW, 'Điều 98–104', 'Art. 98–104'), params: { minShareOfValuation: 0.7 },
  },
];
