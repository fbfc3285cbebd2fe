import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseInputEvent, type CaseStreamEvent } from '@thads/contracts';
import { KafkaBus, type BatchContext } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics, type LoopLog } from '@thads/platform';
import { Store } from '@thads/store';
import { INSIGHT_CONFIG, consumerGroups, type InsightConfig } from '../config';
import type { CaseRecord, Contribution } from '../statistics';
import { CounterStore } from './counter-store';
import { PartitionIngest, countBatch } from './partition-ingest';
import { PartitionState } from './partition-state';

/**
 * Reads the case and finance topics (co-partitioned: partition p of both to one member) in the
 * group `<group>-cases` and keeps the statistics counters (`insight_counters`, ADR 0008).
 *
 * Invalid messages are the detector's to dead-letter (it owns the input contract's DLQ); here
 * they are skipped and counted in the log.
 */
@Injectable()
export class CaseIngest extends PartitionIngest<CaseStreamEvent, CaseRecord, Contribution, PartitionState> {
  private readonly consumed;

  constructor(
    @Inject(INSIGHT_CONFIG) config: InsightConfig,
    bus: KafkaBus,
    @Inject(Store) store: Store,
    counters: CounterStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    super(
      { ...consumerGroups(config).cases, checkpointKind: 'insight', coPartitioned: true },
      bus,
      store,
      (p, months) => counters.write(p, months),
      health,
      new Logger('CaseIngest'),
    );
    this.consumed = consumedCounter(metrics);
  }

  protected blank(): PartitionState {
    return new PartitionState();
  }

  protected events(batch: BatchContext): CaseStreamEvent[] {
    return caseStreamEvents(batch, this.consumed, this.log);
  }
}

export function consumedCounter(metrics: ServiceMetrics) {
  return metrics.counter(
    'thads_events_consumed_total',
    'Events read, by stream (case, finance, finding, inspection, discipline; "case-integrity:" for the second reader of the case topics), or "invalid".',
  );
}

/**
 * The valid case-stream events of a case or finance batch (clock ticks left out), counted by
 * stream; `labelPrefix` tells a second consumer of the same topics apart in the counts.
 */
export function caseStreamEvents(
  batch: BatchContext,
  consumed: ReturnType<typeof consumedCounter>,
  log: LoopLog,
  labelPrefix = '',
): CaseStreamEvent[] {
  const stream = batch.topic.endsWith('finance-events.v1') ? 'finance' : 'case';
  const events: CaseStreamEvent[] = [];
  let invalid = 0;
  for (const record of batch.records) {
    const parsed = parseInputEvent(stream, record.value);
    if (!parsed.ok) invalid++;
    else if (parsed.event.type !== 'clock.tick' && 'unitId' in parsed.event) events.push(parsed.event);
  }
  countBatch(consumed, log, batch, new Map([[stream, events.length]]), invalid, labelPrefix);
  return events;
}
