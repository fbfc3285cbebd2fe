import type { Lang } from './format';

type Text = Record<Lang, string>;

/** Row labels of the statistics, in the words of the THADS report forms. */
export const FIGURE_LABELS = {
  carriedOver: { vi: 'Số cũ chuyển sang', en: 'Carried over' },
  new: { vi: 'Thụ lý mới', en: 'New' },
  handled: { vi: 'Tổng số thụ lý', en: 'Total handled' },
  toExecute: { vi: 'Tổng số phải thi hành', en: 'Total to execute' },
  able: { vi: 'Có điều kiện thi hành', en: 'Able to execute' },
  unable: { vi: 'Chưa có điều kiện thi hành', en: 'Unable to execute' },
  completed: { vi: 'Thi hành xong', en: 'Completed' },
  completionRate: { vi: 'Tỷ lệ thi hành xong', en: 'Completion rate' },
  carriedNext: { vi: 'Chuyển kỳ sau', en: 'Carried to next period' },
} as const satisfies Record<string, Text>;

export const MONEY_LABELS = {
  toExecute: { vi: 'Tổng số tiền phải thi hành', en: 'Money to execute' },
  able: { vi: 'Tiền có điều kiện thi hành', en: 'Money able to execute' },
  unable: { vi: 'Tiền chưa có điều kiện thi hành', en: 'Money unable to execute' },
  completed: { vi: 'Tiền thi hành xong', en: 'Money completed' },
  completionRate: { vi: 'Tỷ lệ thi hành xong về tiền', en: 'Completion rate (money)' },
} as const satisfies Record<string, Text>;

export const REPORT_TEXT = {
  title: { vi: 'BÁO CÁO KẾT QUẢ THI HÀNH ÁN DÂN SỰ', en: 'CIVIL JUDGMENT ENFORCEMENT RESULTS' },
  period: { vi: 'Kỳ báo cáo: từ ngày {from} đến ngày {to}', en: 'Reporting period: {from} to {to}' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  inCases: { vi: 'Về việc', en: 'Cases' },
  inMoney: { vi: 'Về tiền', en: 'Money' },
  byUnit: { vi: 'Theo đơn vị', en: 'By unit' },
  target: { vi: 'Chỉ tiêu toàn quốc năm {year}', en: 'National target {year}' },
  noTarget: {
    vi: 'Chưa có chỉ tiêu toàn quốc cho năm thống kê {year}',
    en: 'No national target set for statistical year {year}',
  },
  chart: { vi: 'Tỷ lệ thi hành xong về việc theo đơn vị', en: 'Completion rate in cases by unit' },
  generated: {
    vi: 'Lập ngày {date} từ hệ thống giám sát liêm chính THADS',
    en: 'Produced on {date} by the THADS integrity system',
  },
  definitions: {
    vi: 'Số liệu tính từ sự kiện theo định nghĩa "The figures from the events" (DOMAIN.md): tỷ lệ thi hành xong = thi hành xong ÷ có điều kiện; tiền tính bằng đồng.',
    en: 'Figures computed from the events as defined in DOMAIN.md, "The figures from the events": completion rate = completed ÷ able; money in VND.',
  },
  total: { vi: 'Tổng cộng', en: 'Total' },
  sheetSummary: { vi: 'Tổng hợp', en: 'Summary' },
  sheetUnits: { vi: 'Theo đơn vị', en: 'By unit' },
} as const satisfies Record<string, Text>;

/** Headings and labels of the integrity section (README, "Integrity metrics per unit and period"). */
export const INTEGRITY_TEXT = {
  heading: { vi: 'CHỈ SỐ LIÊM CHÍNH', en: 'INTEGRITY METRICS' },
  sheet: { vi: 'Liêm chính', en: 'Integrity' },
  score: { vi: 'Điểm liêm chính của đơn vị', en: 'Unit integrity score' },
  scoreValue: { vi: 'Điểm (0–100)', en: 'Score (0–100)' },
  noScore: { vi: 'Không tính: không có việc phải thi hành', en: 'Not computed: no case to execute' },
  scoreNote: {
    vi: 'Điểm = 100 − F − S − C − M, không dưới 0, làm tròn một chữ số thập phân; các dòng trên là điểm trừ.',
    en: 'Score = 100 − F − S − C − M, not below 0, rounded to one decimal; the lines above are the points subtracted.',
  },
  scoreParts: {
    findings: { vi: 'F: phát hiện theo mức độ trên 100 việc', en: 'F: findings by severity per 100 cases' },
    slaBreaches: { vi: 'S: phát hiện quá hạn kiểm tra', en: 'S: findings past their inspection deadline' },
    complaints: {
      vi: 'C: khiếu nại, tố cáo giải quyết trễ hoặc quá hạn',
      en: 'C: complaints and denunciations resolved late or overdue',
    },
    moneyAtRisk: { vi: 'M: tiền giữ quá 10 ngày chưa chi trả', en: 'M: money held over 10 days and not paid out' },
  },
  findings: { vi: 'Phát hiện vi phạm', en: 'Findings' },
  activeCases: { vi: 'Việc phải thi hành', en: 'Cases to execute' },
  findingsTotal: { vi: 'Số phát hiện trong kỳ', en: 'Findings in the period' },
  per100: { vi: 'Phát hiện trên 100 việc', en: 'Findings per 100 cases' },
  suppressed: { vi: 'Phát hiện đang tạm ẩn (tính riêng)', en: 'Findings suppressed (counted apart)' },
  suppressedNote: {
    vi: 'Phát hiện đang tạm ẩn theo quyết định của người giám sát không tính vào các chỉ số khác cho đến khi hết tạm ẩn.',
    en: "Findings held by a supervisor's suppression are in no other figure until the suppression ends.",
  },
  slaBreaches: { vi: 'Phát hiện quá hạn kiểm tra', en: 'Findings past their inspection deadline' },
  slaRate: { vi: 'Tỷ lệ quá hạn kiểm tra', en: 'Share past the deadline' },
  byRule: { vi: 'Phát hiện theo quy tắc và mức độ', en: 'Findings by rule and severity' },
  severityColumn: { vi: 'Mức độ', en: 'Severity' },
  countColumn: { vi: 'Số phát hiện', en: 'Findings' },
  suppressedColumn: { vi: 'Đang tạm ẩn', en: 'Suppressed' },
  total: { vi: 'Tổng cộng', en: 'Total' },
  severity: {
    low: { vi: 'Thấp', en: 'Low' },
    medium: { vi: 'Trung bình', en: 'Medium' },
    high: { vi: 'Nghiêm trọng', en: 'High' },
    critical: { vi: 'Rất nghiêm trọng', en: 'Critical' },
  },
  precision: { vi: 'Độ chính xác của quy tắc', en: 'Rule precision' },
  concluded: { vi: 'Đã kết luận', en: 'Concluded' },
  truePositives: { vi: 'Có vi phạm thật', en: 'True positives' },
  precisionColumn: { vi: 'Độ chính xác', en: 'Precision' },
  confirmed: { vi: 'Được kỷ luật xác nhận', en: 'Confirmed by discipline' },
  dismissed: { vi: 'Bác trước kiểm tra', en: 'Dismissed' },
  allRules: { vi: 'Tất cả quy tắc', en: 'All rules' },
  times: { vi: 'Thời gian xử lý', en: 'Workflow times' },
  measured: { vi: 'Số đã tính', en: 'Measured' },
  meanDays: { vi: 'Trung bình (ngày)', en: 'Mean (days)' },
  medianDays: { vi: 'Trung vị ước tính (ngày)', en: 'Median, approx. (days)' },
  measures: {
    triage: { vi: 'Phân loại phát hiện', en: 'Time to triage' },
    conclude: { vi: 'Kết luận kiểm tra', en: 'Time to conclude' },
    decide: { vi: 'Ra quyết định kỷ luật', en: 'Time to decide' },
  },
  timesNote: {
    vi: 'Theo ngày lịch: phân loại và kết luận tính từ lúc phát hiện; quyết định tính từ ngày mở vụ việc.',
    en: 'Calendar days: triage and conclusion from the detection; decision from the opening of the proceeding.',
  },
  complaints: { vi: 'Giải quyết khiếu nại, tố cáo đúng hạn', en: 'Complaints and denunciations resolved on time' },
  complaintKinds: {
    complaint: { vi: 'Khiếu nại', en: 'Complaints' },
    denunciation: { vi: 'Tố cáo', en: 'Denunciations' },
    all: { vi: 'Tổng', en: 'All' },
  },
  received: { vi: 'Đã nhận', en: 'Received' },
  onTime: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Trễ hạn', en: 'Late' },
  overdue: { vi: 'Quá hạn chưa giải quyết', en: 'Overdue' },
  pending: { vi: 'Còn trong hạn', en: 'Pending' },
  onTimeRate: { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' },
  complaintsNote: {
    vi: 'Thời hạn: khiếu nại 30 ngày, tố cáo 60 ngày kể từ ngày sau ngày nhận; ngày cuối rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp.',
    en: 'Deadlines: 30 days for a complaint, 60 for a denunciation, from the day after receipt; a last day on a day off moves to the next working day.',
  },
  money: { vi: 'Tiền có rủi ro (cuối kỳ)', en: 'Money at risk (end of period)' },
  moneyAmount: { vi: 'Giữ quá 10 ngày chưa chi trả', en: 'Held over 10 days, not paid out' },
  moneyHeld: { vi: 'Tổng tiền đang giữ', en: 'All money held' },
  moneyShare: { vi: 'Tỷ lệ', en: 'Share' },
  discipline: { vi: 'Kết quả xử lý kỷ luật', en: 'Discipline outcomes' },
  decided: { vi: 'Số quyết định trong kỳ', en: 'Decisions in the period' },
  byForm: { vi: 'Kỷ luật còn hiệu lực theo hình thức', en: 'Discipline in force, by form' },
  annulled: { vi: 'Bị hủy khi giải quyết khiếu nại', en: 'Annulled on appeal' },
  changed: { vi: 'Được thay đổi hình thức', en: 'Form changed on appeal' },
  outcomes: {
    disciplined: { vi: 'Kỷ luật', en: 'Disciplined' },
    not_disciplined: { vi: 'Không kỷ luật', en: 'Not disciplined' },
    referred_to_investigators: { vi: 'Chuyển cơ quan điều tra', en: 'Referred to investigators' },
  },
  forms: {
    reprimand: { vi: 'Khiển trách', en: 'Reprimand' },
    warning: { vi: 'Cảnh cáo', en: 'Warning' },
    salary_step_reduction: { vi: 'Hạ bậc lương', en: 'Salary step reduction' },
    demotion: { vi: 'Giáng chức', en: 'Demotion' },
    removal_from_post: { vi: 'Cách chức', en: 'Removal from post' },
    dismissal: { vi: 'Buộc thôi việc', en: 'Dismissal' },
    unspecified: { vi: 'Không ghi hình thức', en: 'Form not stated' },
  },
} as const;

/** `text` in `lang` with `{name}` replaced. */
export function say(text: Text, lang: Lang, params: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
