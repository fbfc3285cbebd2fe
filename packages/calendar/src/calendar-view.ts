import type { Collection } from 'mongodb';
import type { CalendarYearMessage } from '@thads/contracts';
import { OFFICIAL_DAYS_OFF, WorkingCalendar, type OfficialYear } from '@thads/rules';
import type { Store } from '@thads/store';

interface YearDoc extends CalendarYearMessage {
  _id: number;
}

/**
 * The working-day calendar a service keeps for itself (`calendar_view`, in its own store) from
 * `integrity.calendar.v1`: the table shipped with the code, each year replaced by the one
 * published on the topic (the detector publishes the years administrators keep in its store).
 */
export class CalendarView {
  private cached?: { at: number; calendar: WorkingCalendar };

  constructor(
    private readonly store: Store,
    private readonly cacheMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private get years(): Collection<YearDoc> {
    return this.store.collection<YearDoc>('calendar_view');
  }

  /** Keeps the latest message per year (replacing: a handful of documents). */
  async apply(messages: readonly CalendarYearMessage[]): Promise<void> {
    const latest = new Map(messages.map((m) => [m.year, m]));
    for (const m of latest.values()) await this.years.replaceOne({ _id: m.year }, m, { upsert: true });
    if (latest.size > 0) this.cached = undefined;
  }

  async calendar(): Promise<WorkingCalendar> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.calendar;
    const published = await this.years.find().toArray();
    const byYear = new Map<number, OfficialYear>(OFFICIAL_DAYS_OFF.map((y) => [y.year, y]));
    for (const { _id: _i, ...y } of published)
      byYear.set(y.year, { ...y, ...(y.workingDays ? { workingDays: y.workingDays } : {}) });
    const calendar = new WorkingCalendar([...byYear.values()].sort((a, b) => a.year - b.year));
    this.cached = { at: now, calendar };
    return calendar;
  }
}
