import ExcelJS from 'exceljs';
import type { IntegrityFigures } from '../integrity';
import type { Statistics } from '../statistics';
import { statisticsWorkbook } from './excel';
import { integrityTables } from './integrity-report';
import type { StatisticsReport } from './statistics-report';

const M = 1_000_000;

const statistics: Statistics = {
  carriedOver: 10,
  new: 5,
  handled: 15,
  toExecute: 14,
  able: 12,
  unable: 2,
  completed: 6,
  completionRate: 0.5,
  carriedNext: 8,
  money: { toExecute: 900 * M, able: 800 * M, unable: 100 * M, completed: 250 * M, completionRate: 0.3125 },
};

const complaints = (received: number, onTime: number) => ({
  received,
  resolvedOnTime: onTime,
  resolvedLate: 1,
  overdue: 1,
  pending: 0,
  onTimeRate: onTime / received,
});

const integrity: IntegrityFigures = {
  activeCases: 14,
  findings: {
    total: 3,
    per100ActiveCases: (3 / 14) * 100,
    bySeverity: { low: 0, medium: 2, high: 1, critical: 0 },
    byRule: [
      { ruleId: 'late-decision', severity: 'medium', count: 2 },
      { ruleId: 'payout-overdue', severity: 'high', count: 1 },
    ],
    suppressed: {
      total: 2,
      bySeverity: { low: 0, medium: 0, high: 2, critical: 0 },
      byRule: [{ ruleId: 'stagnant-case', severity: 'high', count: 2 }],
    },
  },
  precision: {
    overall: { concluded: 2, truePositives: 1, precision: 0.5, confirmedByDiscipline: 1, dismissed: 1 },
    byRule: [
      {
        ruleId: 'late-decision',
        concluded: 2,
        truePositives: 1,
        precision: 0.5,
        confirmedByDiscipline: 1,
        dismissed: 0,
      },
      {
        ruleId: 'payout-overdue',
        concluded: 0,
        truePositives: 0,
        precision: null,
        confirmedByDiscipline: 0,
        dismissed: 1,
      },
    ],
  },
  slaBreaches: { count: 1, rate: 1 / 3 },
  repeatedOfficers: [],
  disciplineOutcomes: {
    decided: 2,
    byOutcome: { disciplined: 1, not_disciplined: 1, referred_to_investigators: 0 },
    byForm: {
      reprimand: 0,
      warning: 1,
      salary_step_reduction: 0,
      demotion: 0,
      removal_from_post: 0,
      dismissal: 0,
      unspecified: 0,
    },
    annulledOnAppeal: 0,
    changedOnAppeal: 0,
  },
  complaints: { complaint: complaints(4, 2), denunciation: complaints(2, 0), all: complaints(6, 2) },
  moneyAtRisk: { amount: 250 * M, held: 400 * M, share: 0.625 },
  timeTo: {
    triage: { count: 2, meanDays: 1.5, medianDays: 1.25 },
    conclude: { count: 2, meanDays: 12, medianDays: 11 },
    decide: { count: 0, meanDays: null, medianDays: null },
  },
  score: 61.3,
  scoreBreakdown: { findings: 25, slaBreaches: 3.3, complaints: 8.3, moneyAtRisk: 2.1 },
  trend: [],
};

const report = (lang: 'vi' | 'en'): StatisticsReport => ({
  lang,
  unitId: 'DT',
  unitName: 'Cục THADS tỉnh Đồng Tháp',
  period: { from: '2025-10-01', to: '2026-01-01' },
  total: statistics,
  rows: [],
  year: 2026,
  integrity,
  madeOn: '2026-01-05',
});

/** A worksheet as label → the values after it, for the rows with a label. */
async function rowsOf(
  lang: 'vi' | 'en',
  sheetName: string,
): Promise<{ names: string[]; rows: Map<string, unknown[]> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await statisticsWorkbook(report(lang))) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(sheetName);
  const rows = new Map<string, unknown[]>();
  sheet?.eachRow((row) => {
    const [, label, ...values] = row.values as unknown[];
    if (typeof label === 'string' && !rows.has(label)) rows.set(label, values);
  });
  return { names: wb.worksheets.map((w) => w.name), rows };
}

describe('the integrity section of the statistics report', () => {
  it('adds a sheet "Liêm chính" whose figures read back as numbers with their formats', async () => {
    const { names, rows } = await rowsOf('vi', 'Liêm chính');
    expect(names).toEqual(['Tổng hợp', 'Theo đơn vị', 'Liêm chính']);
    expect(rows.get('Điểm (0–100)')).toEqual([61.3]);
    expect(rows.get('Số phát hiện trong kỳ')).toEqual([3]);
    expect(rows.get('Phát hiện đang tạm ẩn (tính riêng)')).toEqual([2]);
    // Rule × severity, the held findings beside the counted ones.
    expect(rows.get('stagnant-case')).toEqual(['Nghiêm trọng', 0, 2]);
    expect(rows.get('late-decision')).toEqual(['Trung bình', 2, 0]);
    expect(rows.get('Tất cả quy tắc')).toEqual([2, 1, 0.5, 1, 1]);
    expect(rows.get('Giữ quá 10 ngày chưa chi trả')).toEqual([250 * M]);
    expect(rows.get('Tỷ lệ đúng hạn')).toBeUndefined();
    expect(rows.get('Khiếu nại')).toEqual([4, 2, 1, 1, 0, 0.5]);
    expect(rows.get('Phân loại phát hiện')).toEqual([2, 1.5, 1.25]);
    // No decision timed: the cells stay empty rather than read as zero days.
    expect(rows.get('Ra quyết định kỷ luật')).toEqual([0]);
    expect(rows.get('  Cảnh cáo')).toEqual([1]);
    expect(rows.get('Phát hiện quá hạn kiểm tra')).toEqual([1]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await statisticsWorkbook(report('vi'))) as unknown as ArrayBuffer);
    const formats = new Map<string, string>();
    wb.getWorksheet('Liêm chính')!.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string') formats.set(label, row.getCell(2).numFmt);
    });
    expect(formats.get('Giữ quá 10 ngày chưa chi trả')).toBe('#,##0 "đ"');
    expect(formats.get('Tỷ lệ')).toBe('0.00%');
    expect(formats.get('Số phát hiện trong kỳ')).toBe('#,##0');
  });

  it('is in English on request', async () => {
    const { names, rows } = await rowsOf('en', 'Integrity');
    expect(names).toEqual(['Summary', 'By unit', 'Integrity']);
    expect(rows.get('Findings suppressed (counted apart)')).toEqual([2]);
    expect(rows.get('Held over 10 days, not paid out')).toEqual([250 * M]);
    expect(rows.get('  Warning')).toEqual([1]);
  });

  it('shows the score as not computed when the unit has no case to execute', () => {
    const [score] = integrityTables({ ...integrity, activeCases: 0, score: null, scoreBreakdown: null }, 'vi');
    expect(score!.rows).toEqual([
      {
        label: 'Điểm (0–100)',
        values: [{ kind: 'text', value: 'Không tính: không có việc phải thi hành' }],
        bold: true,
      },
    ]);
  });
});
