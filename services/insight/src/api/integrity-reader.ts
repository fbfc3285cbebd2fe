import { Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { CalendarView } from '@thads/calendar';
import type { OrgSnapshot } from '@thads/org';
import { CounterStore, IntegrityCounterStore } from '../ingest/counter-store';
import { IntegrityTable, integrityFigures, periodsNeeded, type IntegrityFigures } from '../integrity';
import { readStatistics, type Period } from '../statistics';
import { StatisticsScope, type StatisticsQuery } from './statistics-scope';

/**
 * The integrity figures of a unit and period, checked as the statistics are (StatisticsScope).
 * A request reads the scope's rows of `insight_counters` and `insight_integrity_counters` once —
 * small documents per partition × unit × month, never the events — and computes the period, its
 * months and the score from them in memory.
 */
@Injectable()
export class IntegrityReader {
  constructor(
    private readonly scope: StatisticsScope,
    private readonly statistics: CounterStore,
    private readonly integrityCounters: IntegrityCounterStore,
    private readonly calendar: CalendarView,
  ) {}

  async figures(principal: Principal, q: StatisticsQuery): Promise<IntegrityFigures> {
    const { org, period } = await this.scope.check(principal, q);
    return this.figuresOf(org, q.unitId, period);
  }

  /** The figures of a unit already checked (`StatisticsScope.check`), for the API and the reports. */
  async figuresOf(org: OrgSnapshot, unitId: string, period: Period): Promise<IntegrityFigures> {
    const units = org.tree.scopeOf(unitId);
    const [table, cells] = await Promise.all([this.statistics.table(units), this.integrityCounters.cells(units)]);
    const active = new Map<string, number>();
    for (const p of periodsNeeded(period))
      active.set(`${p.from}|${p.to}`, (await readStatistics(table, units, p)).toExecute);
    return integrityFigures(
      new IntegrityTable(cells, units),
      period,
      (p) => active.get(`${p.from}|${p.to}`) ?? 0,
      await this.calendar.calendar(),
    );
  }
}
