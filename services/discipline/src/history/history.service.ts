import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { notFound, outOfScope } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { ProceedingsRepository } from '../proceedings/proceedings.repository';
import { proceedingSummary } from '../proceedings/views';
import { invalidField } from '@thads/http';
import { decodeCursor, encodeCursor, HistoryRepository, type OfficerEventDoc } from './history.repository';
import type { HistoryQuery } from './schemas';

/** An officer's proceedings shown at most (one at a time, so a long career's worth). */
export const MAX_PROCEEDINGS = 100;

/**
 * One officer's integrity history in one view: their findings as the inspection workflow moved
 * them (concluded, referred, closed, dismissed, late), and their proceedings with the outcome
 * and the appeal — for a caller whose scope holds the officer's unit. Bounded: a page of the
 * newest workflow steps (`limit`, then `next` as `before` for the older ones; a finding's steps
 * may continue on the next page) and the newest proceedings.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly history: HistoryRepository,
    private readonly proceedings: ProceedingsRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  async ofOfficer(principal: Principal, officerId: string, q: HistoryQuery) {
    const before = q.before === undefined ? undefined : decodeCursor(q.before);
    if (q.before !== undefined && before === undefined)
      throw invalidField('before', 'not a cursor of this history (use `next` of the previous page)');
    const [org, newest, latest] = await Promise.all([
      this.org.snapshot(),
      this.history.page(officerId, q.limit + 1, before),
      this.proceedings.latestOfOfficer(officerId, MAX_PROCEEDINGS + 1),
    ]);
    const more = newest.length > q.limit;
    const events = newest.slice(0, q.limit).reverse();
    const proceedings = latest.slice(0, MAX_PROCEEDINGS).reverse();
    const oldest = events[0];
    const officer = org.officer(officerId);
    const unitId = officer?.unitId ?? events.at(-1)?.unitId ?? proceedings.at(-1)?.unitId;
    if (unitId === undefined) throw notFound(`officer ${officerId}`);
    if (!org.tree.inScope(principal.unitId, unitId)) throw outOfScope(`officer ${officerId}`, unitId);
    const byFinding = new Map<string, OfficerEventDoc[]>();
    for (const e of events) byFinding.set(e.findingId, [...(byFinding.get(e.findingId) ?? []), e]);
    return {
      officerId,
      unitId,
      ...(officer?.name ? { name: officer.name } : {}),
      ...(officer?.role ? { role: officer.role } : {}),
      findings: [...byFinding.values()].map((list) => {
        const first = list[0]!;
        return {
          findingId: first.findingId,
          ruleId: first.ruleId,
          severity: first.severity,
          title: first.title,
          detectedAt: first.detectedAt,
          steps: list.map((e) => ({ type: e.type, at: e.occurredAt, ...e.detail })),
        };
      }),
      proceedings: proceedings.map(proceedingSummary),
      ...(more && oldest ? { next: encodeCursor({ occurredAt: oldest.occurredAt, id: oldest._id }) } : {}),
      ...(latest.length > MAX_PROCEEDINGS ? { proceedingsTruncated: true } : {}),
    };
  }
}
