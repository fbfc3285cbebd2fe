import { Inject, Injectable } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import type { Principal } from '@thads/auth';
import { AppError, S, invalidField, notFound } from '@thads/http';
import { OrgRepository, type OrgSnapshot } from '@thads/org';
import { CounterStore } from '../ingest/counter-store';
import type { IntegrityFigures } from '../integrity';
import type { Lang } from '../reports/format';
import { buildStatisticsReport, type StatisticsReport } from '../reports/statistics-report';
import { parsePeriod, readStatistics, type Period, type Statistics } from '../statistics';

const day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'a day, YYYY-MM-DD', description });

export const StatisticsQuery = Type.Object(
  {
    unitId: S.text(128, 'The unit; a province includes its area offices.'),
    from: day('First day of the period (included), YYYY-MM-DD, Vietnam time.'),
    to: day('Day after the period (excluded), YYYY-MM-DD, Vietnam time.'),
  },
  { additionalProperties: false },
);
export type StatisticsQuery = Static<typeof StatisticsQuery>;

/**
 * A statistics request checked against the caller: a real period, a unit the registry knows,
 * within the caller's scope. Figures and reports are read only through here.
 */
@Injectable()
export class StatisticsScope {
  constructor(
    private readonly counters: CounterStore,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  async statistics(principal: Principal, q: StatisticsQuery): Promise<Statistics> {
    const { org, period } = await this.check(principal, q);
    return readStatistics(this.counters, org.tree.scopeOf(q.unitId), period);
  }

  /** The report of a unit and period, with the integrity figures `integrityOf` reads for the checked unit. */
  async report(
    principal: Principal,
    q: StatisticsQuery,
    lang: Lang,
    integrityOf: (org: OrgSnapshot, unitId: string, period: Period) => Promise<IntegrityFigures>,
  ): Promise<StatisticsReport> {
    const { org, period } = await this.check(principal, q);
    return buildStatisticsReport(
      org,
      q.unitId,
      period,
      lang,
      (units) => readStatistics(this.counters, units, period),
      await integrityOf(org, q.unitId, period),
    );
  }

  /**
   * The checks every figure of the service goes through (statistics, reports, integrity): a real
   * period (400 naming `from` or `to`), a unit the registry knows (404), within the caller's
   * scope (403 UNIT_OUT_OF_SCOPE).
   */
  async check(principal: Principal, q: StatisticsQuery): Promise<{ org: OrgSnapshot; period: Period }> {
    const period = periodOf(q);
    const org = await this.org.snapshot();
    if (!org.tree.has(q.unitId)) throw notFound(`unit ${q.unitId}`);
    if (!org.tree.inScope(principal.unitId, q.unitId)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: q.unitId });
    return { org, period };
  }
}

function periodOf(q: StatisticsQuery): Period {
  try {
    return parsePeriod(q.from, q.to);
  } catch (err) {
    const message = (err as Error).message;
    throw invalidField(message.startsWith('to ') ? 'to' : 'from', message);
  }
}
