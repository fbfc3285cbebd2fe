import { isRuleId, type Bilingual, type RuleId } from '@thads/contracts';

/**
 * What an inspector reads next to a finding: what the rule checks (RULES.md) and the checklist
 * of what to verify in the case file before concluding. The legal basis and the figures of the
 * finding itself come from the detector's finding; the thresholds from the rule version.
 */
export interface RuleGuide {
  firesWhen: Bilingual;
  /** Items to check, specific to the rule (ids are stable: checklist marks refer to them). */
  checklist: ChecklistItem[];
}

export interface ChecklistItem {
  id: string;
  vi: string;
  en: string;
}

/** Checks every inspection makes, whatever the rule. */
export const COMMON_CHECKS: ChecklistItem[] = [
  {
    id: 'source-documents',
    vi: 'Đối chiếu sự kiện với hồ sơ gốc (quyết định, biên lai, chứng từ)',
    en: 'Events match the source documents (decisions, receipts, vouchers)',
  },
  {
    id: 'officer-explanation',
    vi: 'Đã nhận giải trình của Chấp hành viên / người liên quan',
    en: 'Explanation obtained from the officer / people concerned',
  },
];

const g = (vi: string, en: string, checks: [string, string, string][]): RuleGuide => ({
  firesWhen: { vi, en },
  checklist: checks.map(([id, cvi, cen]) => ({ id, vi: cvi, en: cen })),
});

/**
 * One guide per rule of the catalogue: a rule id without one does not compile. Adding a rule?
 * Its guide goes here, beside its version in `catalogue.ts`.
 */
export const RULE_GUIDES: Readonly<Record<RuleId, RuleGuide>> = {
  'late-decision': g(
    'Không ra quyết định thi hành án trong thời hạn sau khi nhận bản án / đơn yêu cầu',
    'No enforcement decision within the limit after the case was received',
    [
      ['received-date', 'Ngày nhận bản án / đơn yêu cầu trong sổ thụ lý', 'Date of receipt in the intake register'],
      ['decision-date', 'Ngày ký quyết định thi hành án', 'Date the enforcement decision was signed'],
      [
        'delay-grounds',
        'Có căn cứ hợp pháp cho việc chậm (ví dụ chờ giải thích bản án)',
        "Lawful grounds for the delay (e.g. awaiting the court's explanation)",
      ],
    ],
  ),
  'verification-overdue': g(
    'Không xác minh điều kiện thi hành án trong thời hạn tự nguyện cộng thời hạn xác minh',
    'No verification of means within the voluntary period plus the verification limit',
    [
      ['notice-date', 'Ngày thông báo cho đương sự', 'Date the parties were notified'],
      ['verification-record', 'Biên bản xác minh và ngày lập', 'Verification record and its date'],
      ['voluntary-payment', 'Người phải thi hành án đã tự nguyện thi hành chưa', 'Whether the debtor paid voluntarily'],
    ],
  ),
  'unable-without-verification': g(
    'Phân loại "chưa có điều kiện" mà không có kết quả xác minh không có / có một phần tài sản',
    'Classified "unable" without a verification finding no or partial assets',
    [
      [
        'classification-decision',
        'Quyết định về việc chưa có điều kiện thi hành',
        'Decision classifying the case unable',
      ],
      [
        'verification-evidence',
        'Tài liệu xác minh làm căn cứ phân loại',
        'Verification documents behind the classification',
      ],
      ['assets-known', 'Tài sản đã biết của người phải thi hành án', 'Assets of the debtor known from other sources'],
    ],
  ),
  'stale-unable-reverification': g(
    'Vụ việc chưa có điều kiện không được xác minh lại trong thời hạn',
    'A case classified unable was not re-verified within the limit',
    [
      ['last-verification', 'Ngày xác minh gần nhất', 'Date of the last verification'],
      ['reverification-plan', 'Kế hoạch xác minh lại định kỳ', 'Plan for periodic re-verification'],
      [
        'debtor-change',
        'Thay đổi về tài sản, thu nhập của người phải thi hành án',
        "Changes in the debtor's assets or income",
      ],
    ],
  ),
  'repeated-postponement': g(
    'Số lần hoãn thi hành án của một vụ việc đạt ngưỡng',
    'The number of postponements of one case reached the limit',
    [
      ['postponement-grounds', 'Căn cứ pháp lý của từng lần hoãn', 'Legal grounds of each postponement'],
      [
        'supporting-documents',
        'Tài liệu chứng minh lý do hoãn (giấy khám bệnh, yêu cầu của tòa...)',
        'Documents proving each reason (medical certificate, court request…)',
      ],
      ['resumption', 'Việc tiếp tục thi hành sau khi hết lý do hoãn', 'Resumption once the reason ended'],
    ],
  ),
  'stagnant-case': g(
    'Vụ việc đang thi hành không có hoạt động nào trong thời hạn',
    'An active case had no activity for the limit',
    [
      ['last-activity', 'Hoạt động cuối cùng trong hồ sơ', 'Last recorded activity in the file'],
      ['unrecorded-work', 'Công việc đã làm nhưng chưa ghi nhận', 'Work done but not recorded'],
      ['workload', 'Số vụ việc Chấp hành viên đang thụ lý', "The officer's caseload"],
    ],
  ),
  'reassignment-before-payout': g(
    'Thay đổi Chấp hành viên ngay trước khi chi trả hoặc bán đấu giá',
    'The officer changed shortly before a payout or an auction',
    [
      ['reassignment-decision', 'Quyết định phân công lại và lý do', 'Reassignment decision and its reason'],
      ['who-approved', 'Người ký quyết định phân công lại', 'Who signed the reassignment'],
      ['payout-beneficiary', 'Người nhận tiền / người mua tài sản', 'Who received the money / bought the asset'],
    ],
  ),
  'late-complaint-resolution': g(
    'Khiếu nại, tố cáo không được giải quyết trong thời hạn',
    'A complaint or denunciation was not resolved within the limit',
    [
      ['acceptance-date', 'Ngày thụ lý khiếu nại / tố cáo', 'Date the complaint or denunciation was accepted'],
      [
        'resolver',
        'Người giải quyết có phải người bị khiếu nại không',
        'Whether the resolver is the person complained about',
      ],
      ['extension', 'Quyết định gia hạn (vụ việc phức tạp)', 'Extension decision (complex matter)'],
    ],
  ),
  'payout-overdue': g(
    'Tiền thu được không được chi trả hoặc nộp ngân sách trong thời hạn',
    'Money collected was not paid out or remitted within the limit',
    [
      ['receipts', 'Biên lai thu tiền và ngày thu', 'Collection receipts and their dates'],
      ['custody-account', 'Số dư tài khoản tạm giữ tại Kho bạc', 'Balance of the custody account at the Treasury'],
      [
        'payout-obstacle',
        'Lý do chưa chi trả (chưa xác định được người nhận, tranh chấp...)',
        'Why it was not paid out (payee unknown, dispute…)',
      ],
    ],
  ),
  'cash-not-deposited': g(
    'Tiền mặt thu được không gửi vào tài khoản tạm giữ trong thời hạn',
    'Cash collected was not deposited in the custody account within the limit',
    [
      ['cash-book', 'Sổ quỹ tiền mặt', 'Cash book'],
      ['deposit-slips', 'Giấy nộp tiền vào Kho bạc', 'Treasury deposit slips'],
      ['cash-on-hand', 'Kiểm kê quỹ tiền mặt', 'Count of the cash on hand'],
    ],
  ),
  'payee-not-party': g(
    'Chi trả cho người không phải người được thi hành án',
    'A payout to someone who is not a creditor of the case',
    [
      ['payout-voucher', 'Phiếu chi và chữ ký người nhận', "Payout voucher and the recipient's signature"],
      ['authorisation', 'Giấy ủy quyền nhận tiền hợp lệ', 'A valid authorisation to receive the money'],
      [
        'payee-identity',
        'Danh tính và quan hệ của người nhận với vụ việc',
        'Identity of the recipient and their link to the case',
      ],
    ],
  ),
  'over-disbursement': g(
    'Tổng chi trả và nộp ngân sách vượt số tiền thu được',
    'Paid out and remitted exceed what was collected',
    [
      ['ledger', 'Sổ theo dõi thu chi của vụ việc', "The case's ledger of receipts and payments"],
      ['reversals', 'Chứng từ hủy / điều chỉnh', 'Reversal and adjustment documents'],
      ['source-of-funds', 'Nguồn tiền đã dùng để chi vượt', 'Where the excess money came from'],
    ],
  ),
  'closed-with-undisbursed-funds': g(
    'Kết thúc thi hành án khi vẫn còn tiền chưa chi trả',
    'The case was closed with money still held',
    [
      ['closing-decision', 'Căn cứ kết thúc thi hành án', 'Grounds for closing the case'],
      ['remaining-balance', 'Số tiền còn lại và nơi đang giữ', 'The remaining amount and where it is held'],
      ['payout-plan', 'Kế hoạch chi trả số tiền còn lại', 'Plan to pay out the remainder'],
    ],
  ),
  'fee-waiver-without-grounds': g(
    'Miễn phí thi hành án không có căn cứ',
    'An enforcement fee was waived without a reason',
    [
      ['waiver-decision', 'Quyết định miễn, giảm phí', 'The waiver decision'],
      ['eligibility', 'Đối tượng được miễn, giảm theo quy định', 'Whether the payer is eligible for a waiver'],
      ['approver', 'Người phê duyệt miễn phí', 'Who approved the waiver'],
    ],
  ),
  'split-payouts': g(
    'Nhiều khoản chi nhỏ cho cùng một người trong thời gian ngắn, tổng vượt ngưỡng phê duyệt',
    'Several small payouts to one payee in a short window, together above the approval threshold',
    [
      ['vouchers', 'Các phiếu chi và người ký', 'The payout vouchers and who signed them'],
      [
        'approval-threshold',
        'Ngưỡng phê duyệt và lý do chia nhỏ',
        'The approval threshold and why the payment was split',
      ],
      ['payee-entitlement', 'Tổng số tiền người nhận được hưởng', 'How much the payee was entitled to'],
    ],
  ),
  'auction-below-valuation': g(
    'Tài sản bán đấu giá thấp hơn tỷ lệ so với giá thẩm định',
    'An asset sold at auction below the share of its valuation',
    [
      ['valuation-report', 'Chứng thư thẩm định giá', 'The valuation report'],
      ['auction-record', 'Biên bản đấu giá và danh sách người tham gia', 'Auction record and list of bidders'],
      ['price-reductions', 'Các quyết định giảm giá trước đó', 'Earlier price-reduction decisions'],
    ],
  ),
  'excessive-price-reduction': g(
    'Giảm giá khởi điểm vượt mức cho phép',
    'A starting-price cut above the allowed share',
    [
      ['reduction-decision', 'Quyết định giảm giá và căn cứ', 'The price-reduction decision and its grounds'],
      ['failed-rounds', 'Các lần đấu giá không thành trước đó', 'Earlier failed auction rounds'],
      ['market-price', 'Giá thị trường của tài sản', 'Market price of the asset'],
    ],
  ),
  'single-bidder-sale': g('Tài sản bán khi chỉ có một người tham gia đấu giá', 'An asset sold with a single bidder', [
    ['notice', 'Thông báo đấu giá công khai', 'Public auction notice'],
    ['registrations', 'Danh sách đăng ký tham gia và người bị loại', 'Registrations and anyone turned away'],
    [
      'winner-relations',
      'Quan hệ giữa người mua với cán bộ, đương sự',
      'Links between the buyer and officers or parties',
    ],
  ]),
  'related-party': g(
    'Người nhận tiền, người mua hoặc thẩm định viên có quan hệ với cán bộ',
    'A payee, buyer or appraiser is related to an officer',
    [
      ['declared-relations', 'Kê khai quan hệ của cán bộ', "The officer's declared relations"],
      ['bank-accounts', 'Tài khoản nhận tiền', 'The receiving bank account'],
      ['recusal', 'Cán bộ có từ chối tham gia không', 'Whether the officer stepped aside'],
    ],
  ),
  'complaint-cluster': g(
    'Một cán bộ bị khiếu nại, tố cáo nhiều lần trong khoảng thời gian',
    'One officer named in several complaints within the window',
    [
      ['complaint-topics', 'Nội dung các khiếu nại, tố cáo', 'What the complaints are about'],
      ['outcomes', 'Kết quả giải quyết các khiếu nại trước', 'Outcomes of the earlier complaints'],
      ['pattern', 'Dấu hiệu sách nhiễu, gây phiền hà', 'Signs of harassment or bribe requests'],
    ],
  ),
  'unable-rate-outlier': g(
    'Tỷ lệ vụ việc chưa có điều kiện của một Chấp hành viên cao bất thường',
    'An officer classifies an unusually high share of cases as unable',
    [
      ['sample-files', 'Kiểm tra mẫu hồ sơ chưa có điều kiện', "A sample of the officer's unable files"],
      ['caseload-mix', 'Tính chất vụ việc được phân công', 'The kind of cases assigned to the officer'],
      ['verification-quality', 'Chất lượng xác minh điều kiện thi hành án', 'Quality of the verifications of means'],
    ],
  ),
};

/**
 * The guide of a rule named by a string from outside (a finding read back). A rule this code does
 * not know (raised by a newer detector) gets the common checks only.
 */
export function guideFor(ruleId: string): RuleGuide & { common: ChecklistItem[] } {
  const guide = isRuleId(ruleId) ? RULE_GUIDES[ruleId] : { firesWhen: { vi: '', en: '' }, checklist: [] };
  return { ...guide, common: COMMON_CHECKS };
}

/**
 * Every checklist item id there is (the common checks and every rule's, sorted): what a checklist
 * mark can name at all. A mark names an item of its finding's own rule or a common one.
 */
export const CHECKLIST_ITEM_IDS: readonly string[] = [
  ...new Set([...COMMON_CHECKS, ...Object.values(RULE_GUIDES).flatMap((guide) => guide.checklist)].map((c) => c.id)),
].sort();
