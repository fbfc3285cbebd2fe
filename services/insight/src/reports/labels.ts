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

/** `text` in `lang` with `{name}` replaced. */
export function say(text: Text, lang: Lang, params: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
