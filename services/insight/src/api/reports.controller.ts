import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, S, ValidQuery } from '@thads/http';
import { statisticsWorkbook } from '../reports/excel';
import { statisticsPdf } from '../reports/pdf';
import { IntegrityReader } from './integrity-reader';
import { StatisticsQuery, StatisticsScope } from './statistics-scope';

export const ReportQuery = Type.Composite(
  [
    StatisticsQuery,
    Type.Object({
      lang: Type.Optional(S.oneOf(['vi', 'en'] as const, 'Language of titles and headings (default vi).')),
    }),
  ],
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The statistics report leadership files, as an Excel workbook or a PDF. */
@Controller('api/insight/reports')
export class ReportsController {
  constructor(
    private readonly scope: StatisticsScope,
    private readonly integrity: IntegrityReader,
  ) {}

  private report(principal: Principal, q: ReportQuery) {
    return this.scope.report(principal, q, q.lang ?? 'vi', (org, unitId, period) =>
      this.integrity.figuresOf(org, unitId, period),
    );
  }

  @Roles('leadership', 'admin')
  @Get('statistics.xlsx')
  @Api({
    summary: 'Statistics report as an Excel workbook',
    description:
      'The figures of GET /api/insight/statistics for the unit, then one row per area office, with the national target of the statistical year, and the integrity metrics of GET /api/insight/integrity for the unit (score, findings by rule and severity with the suppressed ones apart, rule precision, workflow times, complaints on time, money at risk, discipline outcomes by form). Sheets "Tổng hợp", "Theo đơn vị" and "Liêm chính" ("Summary", "By unit", "Integrity" with lang=en). Numbers stay numbers: money is formatted `#,##0 "đ"`, rates as percentages.',
    query: ReportQuery,
    response: { description: 'The workbook (xlsx).', schema: Type.String({ format: 'binary' }) },
    errors: { 403: 'The unit is outside your scope.', 404: 'No such unit in the registry.' },
  })
  async excel(@Principal() principal: Principal, @ValidQuery() q: ReportQuery, @Res() res: Response): Promise<void> {
    const report = await this.report(principal, q);
    res
      .type(XLSX)
      .attachment(`thads-statistics-${q.unitId}-${q.from}-${q.to}.xlsx`)
      .send(await statisticsWorkbook(report));
  }

  @Roles('leadership', 'admin')
  @Get('statistics.pdf')
  @Api({
    summary: 'Statistics report as a PDF',
    description:
      'The same report, printed: the unit\'s figures in cases and money (dates dd/mm/yyyy, money as "250.000.000 đ"), a table by unit, a chart of completion rates against the national target, and the integrity metrics of the period. Vietnamese by default, English with lang=en; the font is embedded.',
    query: ReportQuery,
    response: { description: 'The report (PDF).', schema: Type.String({ format: 'binary' }) },
    errors: { 403: 'The unit is outside your scope.', 404: 'No such unit in the registry.' },
  })
  async pdf(@Principal() principal: Principal, @ValidQuery() q: ReportQuery, @Res() res: Response): Promise<void> {
    const report = await this.report(principal, q);
    res
      .type('application/pdf')
      .attachment(`thads-statistics-${q.unitId}-${q.from}-${q.to}.pdf`)
      .send(await statisticsPdf(report));
  }
}
