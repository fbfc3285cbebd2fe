import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { integrityTables, type Value } from './integrity-report';
import { FIGURE_LABELS, INTEGRITY_TEXT, MONEY_LABELS, REPORT_TEXT, say } from './labels';
import { count, day, dayBefore, decimal, money, percent, type Lang } from './format';
import type { StatisticsReport } from './statistics-report';

// DejaVu Sans has every Vietnamese letter with its diacritics (the PDF's built-in Helvetica has
// none of them); the font files come with the `dejavu-fonts-ttf` package and are embedded.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const MARGIN = 40;

/** The report as a PDF (A4 landscape): the unit's figures, a table by unit, a chart of completion rates, the integrity metrics. */
export function statisticsPdf(report: StatisticsReport): Promise<Buffer> {
  const { lang } = report;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: say(REPORT_TEXT.title, lang), Author: 'THADS integrity' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const width = doc.page.width - 2 * MARGIN;

  doc.font('bold').fontSize(15).text(say(REPORT_TEXT.title, lang), { align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(10);
  doc.text(`${say(REPORT_TEXT.unit, lang)}: ${report.unitName} (${report.unitId})`, { align: 'center' });
  doc.text(say(REPORT_TEXT.period, lang, { from: day(report.period.from), to: day(dayBefore(report.period.to)) }), {
    align: 'center',
  });
  doc.moveDown(0.8);

  // The unit's figures: cases on the left, money on the right.
  const top = doc.y;
  const half = width / 2 - 10;
  const pairs = (x: number, heading: string, rows: [string, string][]) => {
    doc.font('bold').fontSize(10).text(heading, x, top, { width: half });
    doc.font('regular').fontSize(9);
    for (const [label, value] of rows) {
      const y = doc.y + 2;
      doc.text(label, x, y, { width: half * 0.6 });
      doc.text(value, x + half * 0.6, y, { width: half * 0.4, align: 'right' });
    }
  };
  const t = report.total;
  pairs(MARGIN, say(REPORT_TEXT.inCases, lang), [
    ...(['carriedOver', 'new', 'handled', 'toExecute', 'able', 'unable', 'completed', 'carriedNext'] as const).map(
      (f): [string, string] => [FIGURE_LABELS[f][lang], count(t[f], lang)],
    ),
    [FIGURE_LABELS.completionRate[lang], percent(t.completionRate, lang)],
  ]);
  const leftBottom = doc.y;
  pairs(MARGIN + half + 20, say(REPORT_TEXT.inMoney, lang), [
    ...(['toExecute', 'able', 'unable', 'completed'] as const).map((f): [string, string] => [
      MONEY_LABELS[f][lang],
      money(t.money[f], lang),
    ]),
    [MONEY_LABELS.completionRate[lang], percent(t.money.completionRate, lang)],
    [
      report.target
        ? say(REPORT_TEXT.target, lang, { year: report.year })
        : say(REPORT_TEXT.noTarget, lang, { year: report.year }),
      report.target ? `${percent(report.target.cases, lang)} / ${percent(report.target.money, lang)}` : '',
    ],
  ]);
  doc.y = Math.max(leftBottom, doc.y) + 16;

  // By unit.
  if (report.rows.length > 0) {
    const columns: [string, number, (r: StatisticsReport['total']) => string][] = [
      [FIGURE_LABELS.handled[lang], 0.09, (s) => count(s.handled, lang)],
      [FIGURE_LABELS.toExecute[lang], 0.09, (s) => count(s.toExecute, lang)],
      [FIGURE_LABELS.able[lang], 0.09, (s) => count(s.able, lang)],
      [FIGURE_LABELS.completed[lang], 0.09, (s) => count(s.completed, lang)],
      [FIGURE_LABELS.completionRate[lang], 0.09, (s) => percent(s.completionRate, lang)],
      [MONEY_LABELS.completed[lang], 0.16, (s) => money(s.money.completed, lang)],
      [MONEY_LABELS.completionRate[lang], 0.1, (s) => percent(s.money.completionRate, lang)],
    ];
    const nameWidth = width * (1 - columns.reduce((n, [, w]) => n + w, 0));
    doc.font('bold').fontSize(10).text(say(REPORT_TEXT.byUnit, lang), MARGIN, doc.y);
    doc.moveDown(0.3);
    const row = (cells: string[], bold: boolean) => {
      const y = doc.y;
      doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 7.5 : 8);
      let x = MARGIN;
      let bottom = y;
      cells.forEach((cell, i) => {
        const w = i === 0 ? nameWidth : width * (columns[i - 1]?.[1] ?? 0);
        doc.text(cell, x + 2, y, { width: w - 4, align: i === 0 ? 'left' : 'right' });
        bottom = Math.max(bottom, doc.y);
        x += w;
      });
      doc
        .moveTo(MARGIN, bottom + 1)
        .lineTo(MARGIN + width, bottom + 1)
        .lineWidth(0.3)
        .strokeColor('#999999')
        .stroke();
      doc.y = bottom + 3;
    };
    row([say(REPORT_TEXT.unit, lang), ...columns.map(([h]) => h)], true);
    for (const r of report.rows) row([r.name, ...columns.map(([, , f]) => f(r.statistics))], false);
    row([say(REPORT_TEXT.total, lang), ...columns.map(([, , f]) => f(report.total))], true);
    doc.addPage();
    completionChart(doc, report, width);
  }

  doc.addPage();
  integritySection(doc, report, width);

  doc.moveDown(1);
  doc.font('regular').fontSize(7.5).fillColor('#444444');
  doc.text(say(REPORT_TEXT.definitions, lang), MARGIN, doc.y, { width });
  doc.text(say(REPORT_TEXT.generated, lang, { date: day(report.madeOn) }), { width });
  doc.end();
  return done;
}

/** A value of the integrity tables as the PDF writes it: Vietnamese number formats by default. */
function written(v: Value, lang: Lang): string {
  switch (v.kind) {
    case 'count':
      return count(v.value, lang);
    case 'money':
      return money(v.value, lang);
    case 'rate':
      return percent(v.value, lang);
    case 'days':
    case 'decimal':
    case 'score':
      return decimal(v.value, lang);
    case 'text':
      return v.value;
  }
}

/**
 * The integrity metrics of the period (integrity-report.ts): each table with its heading, two
 * tables side by side where both are label–value lists, a new page when the next would not fit.
 */
function integritySection(doc: PDFKit.PDFDocument, report: StatisticsReport, width: number): void {
  const { lang } = report;
  doc.font('bold').fontSize(13).fillColor('#000000').text(say(INTEGRITY_TEXT.heading, lang), MARGIN, MARGIN, {
    width,
    align: 'center',
  });
  doc.font('regular').fontSize(9);
  doc.text(say(REPORT_TEXT.period, lang, { from: day(report.period.from), to: day(dayBefore(report.period.to)) }), {
    width,
    align: 'center',
  });
  doc.moveDown(0.6);
  const bottom = doc.page.height - MARGIN;
  for (const table of integrityTables(report.integrity, lang)) {
    const lines = table.rows.length + (table.columns ? 2 : 1) + (table.note ? 1.5 : 0);
    if (doc.y + lines * 13 > bottom) doc.addPage();
    const tableWidth = table.columns ? width : width * 0.6;
    const labelWidth = table.columns ? width * 0.34 : tableWidth * 0.68;
    const columnWidth = (tableWidth - labelWidth) / Math.max(1, table.columns?.length ?? 1);
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('#000000')
      .text(table.title, MARGIN, doc.y + 4, { width });
    doc.moveDown(0.2);
    const row = (label: string, cells: readonly string[], bold: boolean) => {
      if (doc.y + 13 > bottom) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'bold' : 'regular').fontSize(8);
      doc.text(label, MARGIN + 2, y, { width: labelWidth - 4 });
      let end = doc.y;
      cells.forEach((cell, i) => {
        doc.text(cell, MARGIN + labelWidth + i * columnWidth + 2, y, { width: columnWidth - 4, align: 'right' });
        end = Math.max(end, doc.y);
      });
      doc
        .moveTo(MARGIN, end + 1)
        .lineTo(MARGIN + tableWidth, end + 1)
        .lineWidth(0.3)
        .strokeColor('#bbbbbb')
        .stroke();
      doc.y = end + 3;
    };
    if (table.columns) row('', table.columns, true);
    for (const line of table.rows)
      row(
        line.label,
        line.values.map((v) => written(v, lang)),
        line.bold ?? false,
      );
    if (table.note) {
      doc
        .font('regular')
        .fontSize(7.5)
        .fillColor('#444444')
        .text(table.note, MARGIN, doc.y + 1, { width });
      doc.fillColor('#000000');
    }
    doc.moveDown(0.6);
  }
}

/** Horizontal bars of the completion rate in cases per unit, with the national target as a line. */
function completionChart(doc: PDFKit.PDFDocument, report: StatisticsReport, width: number): void {
  const { lang } = report;
  doc.font('bold').fontSize(11).fillColor('#000000').text(say(REPORT_TEXT.chart, lang), MARGIN, MARGIN);
  doc.moveDown(0.5);
  const labelWidth = 200;
  const barArea = width - labelWidth - 70;
  const barHeight = 14;
  const top = doc.y + 4;
  const rows = report.rows;
  rows.forEach((r, i) => {
    const y = top + i * (barHeight + 8);
    const rate = r.statistics.completionRate;
    doc.font('regular').fontSize(8).fillColor('#000000');
    doc.text(r.name, MARGIN, y + 2, { width: labelWidth - 8, align: 'right', lineBreak: false, ellipsis: true });
    if (rate !== null)
      doc.rect(MARGIN + labelWidth, y, Math.max(0.5, barArea * Math.min(rate, 1)), barHeight).fill('#2f6db5');
    doc
      .fillColor('#000000')
      .text(percent(rate, lang), MARGIN + labelWidth + barArea * Math.min(rate ?? 0, 1) + 4, y + 2, {
        lineBreak: false,
      });
  });
  const bottom = top + rows.length * (barHeight + 8);
  doc
    .moveTo(MARGIN + labelWidth, top - 4)
    .lineTo(MARGIN + labelWidth, bottom)
    .lineWidth(0.5)
    .strokeColor('#000000')
    .stroke();
  if (report.target) {
    const x = MARGIN + labelWidth + barArea * report.target.cases;
    doc
      .moveTo(x, top - 4)
      .lineTo(x, bottom)
      .lineWidth(1)
      .dash(3, { space: 2 })
      .strokeColor('#c0392b')
      .stroke()
      .undash();
    doc.font('regular').fontSize(8).fillColor('#c0392b');
    doc.text(
      `${say(REPORT_TEXT.target, lang, { year: report.year })}: ${percent(report.target.cases, lang)}`,
      x - 60,
      bottom + 4,
      {
        width: 160,
        lineBreak: false,
      },
    );
  }
  doc.fillColor('#000000');
  doc.y = bottom + 24;
}
