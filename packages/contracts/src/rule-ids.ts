/**
 * The rule ids of the catalogue (RULES.md v1), in its order. An id names a rule in findings,
 * in the stored rule versions and in reports, so ids are added, never renamed: a renamed id
 * orphans every finding and rule version stored under the old one.
 *
 * A new rule is added here, in `@thads/rules` (a catalogue version, its params, its guide and
 * its implementation) and in the simulator's plants; a unit test fails until all agree.
 */
export const RULE_IDS = [
  // Case handling
  'late-decision',
  'verification-overdue',
  'unable-without-verification',
  'stale-unable-reverification',
  'repeated-postponement',
  'stagnant-case',
  'reassignment-before-payout',
  'late-complaint-resolution',
  // Money
  'payout-overdue',
  'cash-not-deposited',
  'payee-not-party',
  'over-disbursement',
  'closed-with-undisbursed-funds',
  'fee-waiver-without-grounds',
  'split-payouts',
  // Assets and auctions
  'auction-below-valuation',
  'excessive-price-reduction',
  'single-bidder-sale',
  // People
  'related-party',
  'complaint-cluster',
  'unable-rate-outlier',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const known: ReadonlySet<string> = new Set(RULE_IDS);

/**
 * Whether a string from outside (a stored rule version, a finding read back, a query) names a
 * rule of this catalogue. The findings topic keeps `ruleId` a plain string on purpose: a newer
 * detector may raise a rule an older consumer does not know yet.
 */
export function isRuleId(value: string): value is RuleId {
  return known.has(value);
}
