import type { CalendarYearMessage } from '@thads/contracts';
import type { OutMessage } from '@thads/messaging';
import { versionIdOf, type OfficialYear } from '@thads/rules';
import type { RuleVersionDoc } from '../store/detector.store';

/** A version an administrator added, as `integrity.rulebook.v1` carries it (key: the version id). */
export function ruleBookMessage(doc: RuleVersionDoc): OutMessage<'RuleBook'> {
  const versionId = versionIdOf(doc);
  const params: Record<string, number> = {};
  for (const [name, value] of Object.entries(doc.params)) if (typeof value === 'number') params[name] = value;
  return {
    key: versionId,
    value: {
      versionId,
      ruleId: doc.ruleId,
      version: doc.version,
      effectiveFrom: doc.effectiveFrom,
      ...(doc.unitId ? { unitId: doc.unitId } : {}),
      severity: doc.severity,
      legalBasis: doc.legalBasis,
      params,
      addedBy: doc.addedBy ?? '',
      addedAt: doc.addedAt ?? '',
      reason: doc.reason ?? '',
    },
  };
}

/** A year of days off as `integrity.calendar.v1` carries it (key: the year). */
export function calendarMessage(y: OfficialYear): OutMessage<'Calendar'> {
  const value: CalendarYearMessage = {
    year: y.year,
    daysOff: y.daysOff,
    ...(y.workingDays ? { workingDays: y.workingDays } : {}),
    source: y.source,
  };
  return { key: String(y.year), value };
}
