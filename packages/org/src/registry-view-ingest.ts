import { parseInputEvent, type RegistryEvent } from '@thads/contracts';
import type { BatchConsumer, BatchContext, KafkaBus } from '@thads/messaging';
import { BackgroundLoop, sleep, type HealthRegistry, type LoopLog } from '@thads/platform';
import type { Store } from '@thads/store';
import type { OrgRepository } from './org-repository';

/** The health component of the view: up only once it has caught up with the topic. */
export const REGISTRY_VIEW = 'registry-view';
/** The consumer's own steps (connect, consume, store, commit), retried while the infrastructure is away. */
const CONSUMER = 'registry-consumer';

/**
 * Builds a service's own registry view from `thads.registry-events.v1`, in a consumer group of
 * its own (`<service group>-registry`). The view reports itself ready only once the group has
 * committed everything that was on the topic when it looked: before that, scope and
 * conflict-of-interest checks would answer from a partial organisation. Invalid messages are
 * the detector's to dead-letter (it owns the input contract's DLQ); here they are skipped.
 */
export class RegistryViewIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;

  constructor(
    private readonly bus: KafkaBus,
    private readonly store: Store,
    private readonly repo: OrgRepository,
    private readonly groupId: string,
    health: HealthRegistry,
    log: LoopLog,
  ) {
    super(health, log, [REGISTRY_VIEW, CONSUMER]);
  }

  protected async start(): Promise<void> {
    // The retried steps report on CONSUMER: a success there must not mark the view ready early.
    await this.retry('connect the registry view store', CONSUMER, () => this.store.connect());
    await this.retry('connect to kafka', CONSUMER, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the registry view consumer', CONSUMER, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['RegistryEvents'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report(CONSUMER, up, detail),
      }),
    );
    this.health.down(REGISTRY_VIEW, 'catching up with the registry topic');
    // Ready once nothing that was on the topic is left uncommitted by the group.
    for (let delay = 100; !this.stopped; delay = Math.min(delay * 2, 2000)) {
      const lag = await this.retry('read the registry view lag', CONSUMER, () =>
        this.bus.lag(this.groupId, ['RegistryEvents']),
      );
      if (lag === 0) break;
      this.health.down(REGISTRY_VIEW, `catching up with the registry topic: ${lag} events to go`);
      await sleep(delay, this.stopping.signal);
    }
    this.health.up(REGISTRY_VIEW, 'caught up');
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const events: RegistryEvent[] = [];
    for (const record of batch.records) {
      const parsed = parseInputEvent('registry', record.value);
      if (parsed.ok) events.push(parsed.event as RegistryEvent);
    }
    await this.retryInfrastructure('store registry events', CONSUMER, () => this.repo.apply(events));
    await this.retry('commit registry offsets', CONSUMER, () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
