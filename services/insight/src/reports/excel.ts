import ExcelJS from 'exceljs';
import { integrityTables, type Value } from './integrity-report';
import { FIGURE_LABELS, INTEGRITY_TEXT, MONEY_LABELS, REPORT_TEXT, say } from './labels';
import { day, dayBefore } from './format';
import type { StatisticsReport } from './statistics-report';

const CASE_FIGURES = [
  'carriedOver',
  'new',
  'handled',
  'toExecute',
  'able',
  'unable',
  'completed',
  'completionRate',
  'carriedNext',
] as const;
const MONEY_FIGURES = ['toExecute', 'able', 'unable', 'completed', 'completionRate'] as const;

/*
 * Numbers stay numbers (a reader can sum and chart them); their display is a number format:
 * money as `#,##0 "đ"`, which Excel and LibreOffice show with the reader's thousands separator
 * — "." in a Vietnamese locale — and rates as percentages with two decimals.
 */
const MONEY_FORMAT = '#,##0 "đ"';
const COUNT_FORMAT = '#,##0';
const RATE_FORMAT = '0.00%';

/** The report as an Excel workbook: a summary sheet for the unit, a sheet by unit and the unit's integrity metrics. */
export async function statisticsWorkbook(report: StatisticsReport): Promise<Buffer> {
  const { lang } = report;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'THADS integrity';
  wb.created = new Date(`${report.madeOn}T00:00:00+07:00`);
  const periodText = say(REPORT_TEXT.period, lang, {
    from: day(report.period.from),
    to: day(dayBefore(report.period.to)),
  });

  const summary = wb.addWorksheet(say(REPORT_TEXT.sheetSummary, lang));
  summary.columns = [{ width: 42 }, { width: 26 }];
  summary.addRow([say(REPORT_TEXT.title, lang)]).font = { bold: true, size: 14 };
  summary.addRow([`${say(REPORT_TEXT.unit, lang)}: ${report.unitName} (${report.unitId})`]);
  summary.addRow([periodText]);
  summary.addRow([]);
  summary.addRow([say(REPORT_TEXT.inCases, lang)]).font = { bold: true };
  for (const f of CASE_FIGURES) {
    const row = summary.addRow([FIGURE_LABELS[f][lang], report.total[f]]);
    row.getCell(2).numFmt = f === 'completionRate' ? RATE_FORMAT : COUNT_FORMAT;
  }
  summary.addRow([]);
  summary.addRow([say(REPORT_TEXT.inMoney, lang)]).font = { bold: true };
  for (const f of MONEY_FIGURES) {
    const row = summary.addRow([MONEY_LABELS[f][lang], report.total.money[f]]);
    row.getCell(2).numFmt = f === 'completionRate' ? RATE_FORMAT : MONEY_FORMAT;
  }
  summary.addRow([]);
  if (report.target) {
    const t = summary.addRow([
      say(REPORT_TEXT.target, lang, { year: report.year }),
      report.target.cases,
      report.target.money,
    ]);
    t.getCell(2).numFmt = RATE_FORMAT;
    t.getCell(3).numFmt = RATE_FORMAT;
  } else summary.addRow([say(REPORT_TEXT.noTarget, lang, { year: report.year })]);
  summary.addRow([say(REPORT_TEXT.definitions, lang)]);
  summary.addRow([say(REPORT_TEXT.generated, lang, { date: day(report.madeOn) })]);

  const byUnit = wb.addWorksheet(say(REPORT_TEXT.sheetUnits, lang));
  const header = [
    say(REPORT_TEXT.unit, lang),
    ...CASE_FIGURES.map((f) => FIGURE_LABELS[f][lang]),
    ...MONEY_FIGURES.map((f) => MONEY_LABELS[f][lang]),
  ];
  byUnit.addRow(header).font = { bold: true };
  byUnit.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  byUnit.columns = header.map((_, i) => ({ width: i === 0 ? 40 : 18 }));
  const lines = [
    ...report.rows,
    { unitId: report.unitId, name: say(REPORT_TEXT.total, lang), statistics: report.total },
  ];
  for (const r of lines) {
    const row = byUnit.addRow([
      r.name,
      ...CASE_FIGURES.map((f) => r.statistics[f]),
      ...MONEY_FIGURES.map((f) => r.statistics.money[f]),
    ]);
    CASE_FIGURES.forEach((f, i) => (row.getCell(2 + i).numFmt = f === 'completionRate' ? RATE_FORMAT : COUNT_FORMAT));
    MONEY_FIGURES.forEach(
      (f, i) => (row.getCell(2 + CASE_FIGURES.length + i).numFmt = f === 'completionRate' ? RATE_FORMAT : MONEY_FORMAT),
    );
  }
  byUnit.lastRow?.eachCell((c) => (c.font = { bold: true }));
  byUnit.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];

  integritySheet(wb, report, periodText);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const FORMATS: Record<Exclude<Value['kind'], 'text'>, string> = {
  count: COUNT_FORMAT,
  money: MONEY_FORMAT,
  rate: RATE_FORMAT,
  days: '0.0',
  decimal: '0.0',
  score: '0.0',
};

/** The integrity metrics of the period, one table under another (integrity-report.ts). */
function integritySheet(wb: ExcelJS.Workbook, report: StatisticsReport, periodText: string): void {
  const { lang } = report;
  const sheet = wb.addWorksheet(say(INTEGRITY_TEXT.sheet, lang));
  sheet.columns = [{ width: 46 }, ...Array.from({ length: 6 }, () => ({ width: 18 }))];
  sheet.addRow([say(INTEGRITY_TEXT.heading, lang)]).font = { bold: true, size: 14 };
  sheet.addRow([`${say(REPORT_TEXT.unit, lang)}: ${report.unitName} (${report.unitId})`]);
  sheet.addRow([periodText]);
  for (const table of integrityTables(report.integrity, lang)) {
    sheet.addRow([]);
    sheet.addRow([table.title]).font = { bold: true, size: 12 };
    if (table.columns) {
      const header = sheet.addRow(['', ...table.columns]);
      header.font = { bold: true };
      header.alignment = { wrapText: true, vertical: 'middle' };
    }
    for (const line of table.rows) {
      // A missing rate or time (nothing to divide by) stays an empty cell, not a zero.
      const row = sheet.addRow([line.label, ...line.values.map((v) => v.value ?? null)]);
      line.values.forEach((v, i) => {
        if (v.kind !== 'text') row.getCell(2 + i).numFmt = FORMATS[v.kind];
        else row.getCell(2 + i).alignment = { horizontal: 'right' };
      });
      if (line.bold) row.font = { bold: true };
    }
    if (table.note) sheet.addRow([table.note]).font = { italic: true, size: 9 };
  }
  sheet.addRow([]);
  sheet.addRow([say(REPORT_TEXT.generated, lang, { date: day(report.madeOn) })]);
}
