import { Injectable, Logger } from '@nestjs/common';
import { RULE_IDS, isRuleId } from '@thads/contracts';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, notFound } from '@thads/http';
import { KafkaBus } from '@thads/messaging';
import { UnitTree } from '@thads/org';
import {
  RULE_GUIDES,
  dayOf,
  isoFromDay,
  paramSpecs,
  proposeVersion,
  proposeYear,
  versionIdOf,
  versionsInForce,
  yearAsCounted,
  type YearRefusal,
  type VersionRefusal,
} from '@thads/rules';
import { DetectorService } from '../pipeline/detector.service';
import {
  DetectorStore,
  officialYearOf,
  storedVersionOf,
  type CalendarYearDoc,
  type RuleVersionDoc,
} from '../store/detector.store';
import { calendarMessage, ruleBookMessage } from './messages';
import type { CalendarView, NewVersionBody, PutYearBody, RuleBookView, VersionView, YearView } from './schemas';

/** How many times an addition re-reads the rule book after another administrator took its number. */
const MAX_RACES = 5;

/**
 * What administrators do to the rule book and the calendar. The store is the rule book: a change
 * is written there first (with who, when and why), recorded in the append-only
 * `rule_book_changes`, published (`integrity.rulebook.v1`, `integrity.calendar.v1`) so that every
 * detector instance reloads it, and put in force on this instance before the answer.
 *
 * Who may do what: an administrator of a root unit (one without a parent in the registry) changes
 * what applies to every unit and the calendar; any administrator adds a unit's own thresholds for
 * a unit within their scope.
 */
@Injectable()
export class RuleBookAdmin {
  private readonly log = new Logger('RuleBook');

  constructor(
    private readonly store: DetectorStore,
    private readonly bus: KafkaBus,
    private readonly detector: DetectorService,
  ) {}

  async ruleBook(principal: Principal, now = Date.now()): Promise<RuleBookView> {
    this.ready();
    const [{ tree, root }, docs] = await Promise.all([this.scope(principal), this.store.ruleVersionDocs()]);
    const inForce = versionsInForce(docs.map(storedVersionOf), now);
    const visible = docs.filter((d) => !d.unitId || root || tree.inScope(principal.unitId, d.unitId));
    return {
      today: isoFromDay(dayOf(now)),
      rootAdministrator: root,
      rules: RULE_IDS.map((ruleId) => ({
        ruleId,
        firesWhen: RULE_GUIDES[ruleId].firesWhen,
        params: paramSpecs(ruleId),
        versions: visible
          .filter((d) => d.ruleId === ruleId)
          .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version)
          .map((d) => versionView(d, inForce)),
      })),
    };
  }

  async addVersion(principal: Principal, ruleId: string, body: NewVersionBody, now = Date.now()): Promise<VersionView> {
    this.ready();
    if (!isRuleId(ruleId)) throw notFound(`rule ${ruleId}`);
    const { tree, root } = await this.scope(principal);
    if (body.unitId !== undefined) {
      if (!tree.has(body.unitId)) throw notFound(`unit ${body.unitId}`);
      if (!tree.inScope(principal.unitId, body.unitId))
        throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: body.unitId });
    } else if (!root) throw new AppError('ROOT_ADMIN_REQUIRED');

    const addedAt = new Date(now).toISOString();
    let doc: RuleVersionDoc | undefined;
    for (let attempt = 0; !doc; attempt += 1) {
      const existing = (await this.store.ruleVersionDocs()).map(storedVersionOf);
      const proposal = proposeVersion(
        existing,
        ruleId,
        {
          effectiveFrom: body.effectiveFrom,
          params: body.params,
          ...(body.unitId !== undefined ? { unitId: body.unitId } : {}),
          ...(body.severity !== undefined ? { severity: body.severity } : {}),
          ...(body.legalBasis !== undefined ? { legalBasis: body.legalBasis } : {}),
        },
        dayOf(now),
      );
      if (!proposal.ok) throw versionRefused(proposal.refusal);
      const candidate: RuleVersionDoc = {
        ...proposal.version,
        _id: versionIdOf(proposal.version),
        addedBy: principal.sub,
        addedAt,
        reason: body.reason,
      };
      if (await this.store.insertRuleVersion(candidate)) doc = candidate;
      // Another administrator took the number meanwhile: read again and take the next.
      else if (attempt + 1 >= MAX_RACES)
        throw new AppError('UNAVAILABLE', {
          reason: `other administrators keep adding versions of ${ruleId}: try again`,
        });
    }
    await this.store.appendRuleBookChange({
      _id: `rule-version:${doc._id}`,
      at: addedAt,
      actor: principal.sub,
      actorUnitId: principal.unitId,
      action: 'rule-version.added',
      subject: doc._id,
      reason: body.reason,
      after: storedVersionOf(doc),
    });
    await this.announce(`rule version ${doc._id}`, () => this.bus.publish('RuleBook', [ruleBookMessage(doc)]));
    await this.detector.reloadRuleBook();
    this.log.log(`${principal.sub} added ${doc._id} from ${doc.effectiveFrom}: ${body.reason}`);
    return versionView(doc, versionsInForce((await this.store.ruleVersionDocs()).map(storedVersionOf), now));
  }

  /**
   * The years held, and this year and the next two as the detector counts them when it holds no
   * table for them (the holiday library's days): what an administrator starts a year's table from.
   */
  async calendar(principal: Principal, now = Date.now()): Promise<CalendarView> {
    this.ready();
    const [{ root }, docs] = await Promise.all([this.scope(principal), this.store.calendarYearDocs()]);
    const today = isoFromDay(dayOf(now));
    const thisYear = Number(today.slice(0, 4));
    const stored = docs.map(officialYearOf);
    const counted: YearView[] = [thisYear, thisYear + 1, thisYear + 2]
      .filter((year) => !docs.some((d) => d._id === year))
      .map((year) => ({ year, held: false, ...yearAsCounted(stored, year), source: '' }));
    const years = [...docs.map(yearView), ...counted].sort((a, b) => a.year - b.year);
    return { today, rootAdministrator: root, years };
  }

  async putYear(principal: Principal, yearText: string, body: PutYearBody, now = Date.now()): Promise<YearView> {
    this.ready();
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 1990 || year > 2200) throw invalidField('year', 'a year from 1990 to 2200');
    const { root } = await this.scope(principal);
    if (!root) throw new AppError('ROOT_ADMIN_REQUIRED');
    const docs = await this.store.calendarYearDocs();
    const proposal = proposeYear(
      docs.map(officialYearOf),
      {
        year,
        daysOff: body.daysOff,
        ...(body.workingDays ? { workingDays: body.workingDays } : {}),
        source: body.source,
      },
      dayOf(now),
    );
    if (!proposal.ok) throw yearRefused(proposal.refusal);
    const changedAt = new Date(now).toISOString();
    const before = docs.find((d) => d._id === year);
    const doc: CalendarYearDoc = {
      ...proposal.year,
      _id: year,
      changedBy: principal.sub,
      changedAt,
      reason: body.reason,
    };
    await this.store.putCalendarYear(doc);
    await this.store.appendRuleBookChange({
      _id: `calendar-year:${year}@${changedAt}`,
      at: changedAt,
      actor: principal.sub,
      actorUnitId: principal.unitId,
      action: 'calendar-year.replaced',
      subject: String(year),
      reason: body.reason,
      ...(before ? { before: officialYearOf(before) } : {}),
      after: proposal.year,
    });
    await this.announce(`calendar year ${year}`, () => this.bus.publish('Calendar', [calendarMessage(proposal.year)]));
    await this.detector.reloadRuleBook();
    this.log.log(`${principal.sub} replaced the days off of ${year}: ${body.reason}`);
    return yearView(doc);
  }

  /**
   * Publishes a change that is stored already. If Kafka is away, the change stays stored and in
   * force on this instance, and the caller learns that the other instances (and services, for
   * the calendar) have not heard of it yet: a detector publishes the stored book when it starts.
   */
  private async announce(what: string, publish: () => Promise<void>): Promise<void> {
    try {
      await publish();
    } catch (err) {
      this.log.error(`${what} is stored but was not published: ${String(err)}`);
      await this.detector.reloadRuleBook();
      throw new AppError('UNAVAILABLE', {
        reason: `${what} is stored and in force on this detector instance, but could not be published to the others; they apply it when one of the detector instances next starts`,
      });
    }
  }

  private ready(): void {
    if (!this.detector.ruleBookLoaded)
      throw new AppError('UNAVAILABLE', { reason: 'the detector is still loading its rule book' });
  }

  private async scope(principal: Principal): Promise<{ tree: UnitTree; root: boolean }> {
    const units = await this.store.units();
    return {
      tree: new UnitTree(units),
      root: units.some((u) => u.unitId === principal.unitId && u.parentUnitId === undefined),
    };
  }
}

function versionView(d: RuleVersionDoc, inForce: ReadonlySet<string>): VersionView {
  const v = storedVersionOf(d);
  const params: Record<string, number> = {};
  for (const [name, value] of Object.entries(v.params)) if (typeof value === 'number') params[name] = value;
  return {
    versionId: versionIdOf(v),
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    ...(v.unitId ? { unitId: v.unitId } : {}),
    severity: v.severity,
    legalBasis: v.legalBasis,
    params,
    inForce: inForce.has(versionIdOf(v)),
    ...(d.addedBy !== undefined ? { addedBy: d.addedBy } : {}),
    ...(d.addedAt !== undefined ? { addedAt: d.addedAt } : {}),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
  };
}

function yearView(d: CalendarYearDoc): YearView {
  return {
    year: d.year,
    held: true,
    daysOff: [...d.daysOff].sort(),
    workingDays: [...(d.workingDays ?? [])].sort(),
    source: d.source,
    ...(d.changedBy !== undefined ? { changedBy: d.changedBy } : {}),
    ...(d.changedAt !== undefined ? { changedAt: d.changedAt } : {}),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
  };
}

function versionRefused(r: VersionRefusal): AppError {
  switch (r.kind) {
    case 'unknown-rule':
      return notFound(`rule ${r.ruleId}`);
    case 'not-future':
      return new AppError(
        'RULE_VERSION_NOT_FUTURE',
        { effectiveFrom: r.effectiveFrom, earliest: r.earliest },
        { field: 'effectiveFrom' },
      );
    case 'invalid':
      return invalidField(r.field, r.reason);
  }
}

function yearRefused(r: YearRefusal): AppError {
  switch (r.kind) {
    case 'day-passed':
      return new AppError('CALENDAR_DAY_PASSED', { day: r.day, earliest: r.earliest }, { field: r.field });
    case 'invalid':
      return invalidField(r.field, r.reason);
  }
}
