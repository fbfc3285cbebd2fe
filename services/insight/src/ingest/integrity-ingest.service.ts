import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  readDisciplineEvent,
  readFindingMessage,
  readInspectionEvent,
  type CaseStreamEvent,
  type FindingMessage,
} from '@thads/contracts';
import { CalendarView } from '@thads/calendar';
import { KafkaBus, type BatchContext, type InRecord } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { Store } from '@thads/store';
import { INSIGHT_CONFIG, consumerGroups, type InsightConfig } from '../config';
import {
  CaseIntegrityPartition,
  FindingsPartition,
  SHIPPED_CALENDAR,
  WorkflowPartition,
  type CaseIntegrityRecord,
  type FindingRecord,
  type IntegrityCell,
  type WorkflowEvent,
  type WorkflowRecord,
} from '../integrity';
import { caseStreamEvents, consumedCounter } from './case-ingest.service';
import { IntegrityCounterStore } from './counter-store';
import { PartitionIngest, countBatch } from './partition-ingest';

/*
 * The integrity metrics' consumers, each in a group of its own (config.ts, `consumerGroups`),
 * each keeping its counters in `insight_integrity_counters` under its own source name.
 */

/** `integrity.findings.v1` (keyed by finding) in `<group>-findings`: findings per rule, severity and officer. */
@Injectable()
export class FindingsIngest extends PartitionIngest<FindingMessage, FindingRecord, IntegrityCell, FindingsPartition> {
  private readonly consumed;

  constructor(
    @Inject(INSIGHT_CONFIG) config: InsightConfig,
    bus: KafkaBus,
    @Inject(Store) store: Store,
    counters: IntegrityCounterStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    super(
      { ...consumerGroups(config).findings, checkpointKind: 'insight-findings', coPartitioned: false },
      bus,
      store,
      (p, months) => counters.write(p, months, 'findings'),
      health,
      new Logger('FindingsIngest'),
    );
    this.consumed = consumedCounter(metrics);
  }

  protected blank(): FindingsPartition {
    return new FindingsPartition();
  }

  protected events(batch: BatchContext, reject: (record: InRecord, reason: string) => void): FindingMessage[] {
    const out: FindingMessage[] = [];
    for (const record of batch.records) {
      const parsed = readFindingMessage(record.value);
      if (parsed.ok) out.push(parsed.event);
      else reject(record, parsed.reason);
    }
    countBatch(this.consumed, this.log, batch, new Map([['finding', out.length]]), batch.records.length - out.length);
    return out;
  }
}

/**
 * `integrity.inspections.v1` and `integrity.discipline.v1` in `<group>-inspections`, read
 * co-partitioned: both are keyed by the officer concerned, so a proceeding and the inspection
 * events about the findings it names share a partition, and a confirmation by discipline is
 * attributed to the finding's rule, unit and day from there (workflow.ts).
 */
@Injectable()
export class InspectionsIngest extends PartitionIngest<
  WorkflowEvent,
  WorkflowRecord,
  IntegrityCell,
  WorkflowPartition
> {
  private readonly consumed;

  constructor(
    @Inject(INSIGHT_CONFIG) config: InsightConfig,
    bus: KafkaBus,
    @Inject(Store) store: Store,
    counters: IntegrityCounterStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    super(
      { ...consumerGroups(config).inspections, checkpointKind: 'insight-inspections', coPartitioned: true },
      bus,
      store,
      (p, months) => counters.write(p, months, 'inspections'),
      health,
      new Logger('InspectionsIngest'),
    );
    this.consumed = consumedCounter(metrics);
  }

  protected blank(): WorkflowPartition {
    return new WorkflowPartition();
  }

  protected events(batch: BatchContext, reject: (record: InRecord, reason: string) => void): WorkflowEvent[] {
    const discipline = batch.topic.endsWith('integrity.discipline.v1');
    const parse = discipline ? readDisciplineEvent : readInspectionEvent;
    const out: WorkflowEvent[] = [];
    let invalid = 0;
    let unknown = 0;
    for (const record of batch.records) {
      const parsed = parse(record.value);
      if (parsed.ok) out.push(parsed.event);
      // A type this version does not know is compatible by contract: ignored, not invalid.
      else if (parsed.reason.startsWith('/type: unknown type')) unknown++;
      else {
        invalid++;
        reject(record, parsed.reason);
      }
    }
    const kinds = new Map([
      [discipline ? 'discipline' : 'inspection', out.length],
      ['unknown-type', unknown],
    ]);
    countBatch(this.consumed, this.log, batch, kinds, invalid);
    return out;
  }
}

/**
 * The case and finance topics again, in `<group>-case-integrity`: each case's money (collected,
 * paid out, reversed) and each complaint, its deadline counted on the service's view of the
 * official days off (`integrity.calendar.v1`). A group apart from the statistics' so that the
 * figures it adds cover the whole history of a deployment that already keeps statistics.
 */
@Injectable()
export class CaseIntegrityIngest extends PartitionIngest<
  CaseStreamEvent,
  CaseIntegrityRecord,
  IntegrityCell,
  CaseIntegrityPartition
> {
  private readonly consumed;
  private calendar = SHIPPED_CALENDAR;

  constructor(
    @Inject(INSIGHT_CONFIG) config: InsightConfig,
    bus: KafkaBus,
    @Inject(Store) store: Store,
    counters: IntegrityCounterStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    private readonly calendarView: CalendarView,
  ) {
    super(
      { ...consumerGroups(config).caseIntegrity, checkpointKind: 'insight-case-integrity', coPartitioned: true },
      bus,
      store,
      (p, months) => counters.write(p, months, 'case-integrity'),
      health,
      new Logger('CaseIntegrityIngest'),
    );
    this.consumed = consumedCounter(metrics);
  }

  protected blank(): CaseIntegrityPartition {
    return new CaseIntegrityPartition(() => this.calendar);
  }

  /** The working-day calendar complaint deadlines are counted on: the service's view, read before each batch (cached 60 s). */
  protected override async beforeBatch(): Promise<void> {
    this.calendar = await this.calendarView.calendar();
  }

  protected events(batch: BatchContext): CaseStreamEvent[] {
    return caseStreamEvents(batch, this.consumed, this.log, 'case-integrity:');
  }
}
