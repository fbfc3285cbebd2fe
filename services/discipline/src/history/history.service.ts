import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, notFound } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { ProceedingsRepository } from '../proceedings/proceedings.repository';
import { proceedingSummary } from '../proceedings/views';
import { HistoryRepository, type OfficerEventDoc } from './history.repository';

/**
 * One officer's integrity history in one view: their findings as the inspection workflow moved
 * them (concluded, referred, closed, dismissed, late), and their proceedings with the outcome
 * and the appeal — for a caller whose scope holds the officer's unit.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly history: HistoryRepository,
    private readonly proceedings: ProceedingsRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  async ofOfficer(principal: Principal, officerId: string) {
    const [org, events, proceedings] = await Promise.all([
      this.org.snapshot(),
      this.history.ofOfficer(officerId),
      this.proceedings.byOfficer(officerId),
    ]);
    const officer = org.officer(officerId);
    const unitId = officer?.unitId ?? events.at(-1)?.unitId ?? proceedings.at(-1)?.unitId;
    if (unitId === undefined) throw notFound(`officer ${officerId}`);
    if (!org.tree.inScope(principal.unitId, unitId))
      throw new AppError('OUT_OF_SCOPE', { what: `officer ${officerId}`, unitId });
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
    };
  }
}
