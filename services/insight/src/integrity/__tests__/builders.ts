import type {
  DisciplineEventOf,
  DisciplineForm,
  DisciplineOutcome,
  FindingMessage,
  InspectionEventOf,
  Severity,
} from '@thads/contracts';

/**
 * Integrity-topic messages as the detector, the inspection service and the discipline service
 * publish them, for the integrity specs:
 *
 *   aFinding('F-1', { ruleId: 'payout-overdue', severity: 'high', detectedAt: '2025-03-14T00:00:00+07:00' })
 *   inspected(finding).concluded(true, '2025-04-02')
 *   proceeding('P-1', 'O-1').decided('disciplined', ['F-1'], '2025-06-01', 'warning')
 */
export function aFinding(findingId: string, over: Partial<FindingMessage> = {}): FindingMessage {
  return {
    findingId,
    ruleId: 'late-decision',
    ruleVersion: 1,
    severity: 'medium',
    status: 'open',
    revision: 0,
    unitId: 'U-1',
    officerId: 'O-1',
    detectedAt: '2025-03-10T00:00:00+07:00',
    title: { vi: 'Chậm ra quyết định', en: 'Late decision' },
    explanation: { vi: '…', en: '…' },
    legalBasis: 'Law art. 36',
    evidence: { eventIds: ['e1'], figures: {} },
    ...over,
  };
}

const at = (day: string, time = '10:00:00') => `${day}T${time}+07:00`;

/** The inspection events about one finding; event ids as the inspection service writes them (`<type>:<findingId>:r<n>`). */
export class Inspected {
  private revision = 1;

  constructor(private readonly f: FindingMessage) {}

  private envelope<T extends string>(type: T, day: string, time?: string) {
    this.revision += 1;
    return {
      eventId: `${type}:${this.f.findingId}:r${this.revision}`,
      type,
      schemaVersion: 1 as const,
      occurredAt: at(day, time),
      unitId: this.f.unitId,
      ...(this.f.officerId === undefined ? {} : { officerId: this.f.officerId }),
      finding: {
        findingId: this.f.findingId,
        ruleId: this.f.ruleId,
        ruleVersion: this.f.ruleVersion,
        severity: this.f.severity,
        detectedAt: this.f.detectedAt,
        title: this.f.title,
      },
    };
  }

  private conclusion(truePositive: boolean, day: string) {
    return {
      result: truePositive ? ('substantiated' as const) : ('unsubstantiated' as const),
      reasoning: 'checked the file',
      truePositive,
      by: 'inspector-1',
      at: at(day),
    };
  }

  concluded(truePositive: boolean, day: string, time?: string): InspectionEventOf<'inspection.concluded'> {
    return {
      ...this.envelope('inspection.concluded', day, time),
      data: { conclusion: this.conclusion(truePositive, day) },
    };
  }

  referred(truePositive: boolean, day: string): InspectionEventOf<'inspection.referred'> {
    return {
      ...this.envelope('inspection.referred', day, '11:00:00'),
      data: {
        target: 'discipline_committee',
        note: 'for the council',
        conclusion: this.conclusion(truePositive, day),
        by: 'supervisor-1',
      },
    };
  }

  closed(day: string, truePositive?: boolean): InspectionEventOf<'inspection.closed'> {
    return {
      ...this.envelope('inspection.closed', day, '12:00:00'),
      data: { ...(truePositive === undefined ? {} : { conclusion: this.conclusion(truePositive, day) }), by: 'sup-1' },
    };
  }

  dismissed(day: string): InspectionEventOf<'inspection.dismissed'> {
    return { ...this.envelope('inspection.dismissed', day), data: { reason: 'data_error', note: 'typo', by: 'sup-1' } };
  }

  slaBreached(day: string): InspectionEventOf<'inspection.sla_breached'> {
    return {
      ...this.envelope('inspection.sla_breached', day),
      eventId: `inspection.sla_breached:${this.f.findingId}:due`,
      data: { dueAt: at(day, '00:00:00') },
    };
  }
}

export const inspected = (f: FindingMessage): Inspected => new Inspected(f);

/** One proceeding's events on `integrity.discipline.v1`. */
export class ProceedingEvents {
  private seq = 0;

  constructor(
    readonly proceedingId: string,
    readonly officerId: string,
    readonly unitId = 'U-1',
  ) {}

  private envelope<T extends string>(type: T, day: string) {
    this.seq += 1;
    return {
      eventId: `${type}:${this.proceedingId}:${this.seq}`,
      type,
      schemaVersion: 1 as const,
      occurredAt: at(day),
      proceedingId: this.proceedingId,
      officerId: this.officerId,
      unitId: this.unitId,
    };
  }

  decided(
    outcome: DisciplineOutcome,
    findingIds: string[],
    decidedOn: string,
    form?: DisciplineForm,
  ): DisciplineEventOf<'proceeding.decided'> {
    return {
      ...this.envelope('proceeding.decided', decidedOn),
      data: { outcome, ...(form ? { form } : {}), findingIds, decidedOn, appealBy: decidedOn },
    };
  }

  /** The day the subject received the decision, with the last day to appeal counted from it. */
  decisionServed(servedOn: string, appealBy: string): DisciplineEventOf<'proceeding.decision_served'> {
    return { ...this.envelope('proceeding.decision_served', servedOn), data: { servedOn, appealBy } };
  }

  appealResolved(
    result: 'upheld' | 'changed' | 'annulled',
    resolvedOn: string,
    form?: DisciplineForm,
  ): DisciplineEventOf<'appeal.resolved'> {
    return { ...this.envelope('appeal.resolved', resolvedOn), data: { result, ...(form ? { form } : {}), resolvedOn } };
  }

  opened(findingIds: string[], day: string): DisciplineEventOf<'proceeding.opened'> {
    return {
      ...this.envelope('proceeding.opened', day),
      data: { findingIds, regime: 'decree-172-2025', factsOn: day, discoveredOn: day, decisionDueOn: day },
    };
  }
}

export const proceeding = (id: string, officerId: string, unitId?: string): ProceedingEvents =>
  new ProceedingEvents(id, officerId, unitId);

export const severities: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
