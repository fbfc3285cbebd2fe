import { readSessionEpochMessage, type SessionEpochMessage } from '@thads/contracts';
import type { BatchConsumer, BatchContext, KafkaBus } from '@thads/messaging';
import { BackgroundLoop, sleep, type HealthRegistry, type LoopLog } from '@thads/platform';
import type { Store } from '@thads/store';
import type { SessionEpochView } from './session-epoch-view';

/** The health component of the view: up only once it has caught up with the topic. */
export const SESSION_EPOCHS = 'session-epochs';
/** The consumer's own steps (connect, consume, store, commit), retried while the infrastructure is away. */
const CONSUMER = 'sessions-consumer';

/**
 * Reads `integrity.sessions.v1` into a service's `SessionEpochView`, in a consumer group of the
 * service's own (`<service group>-sessions`): consume, store, then commit. Like the registry view,
 * it reports itself ready (`session-epochs` up, `ready` true) only once the group has committed
 * everything that was on the topic when it looked — before that, a token of a session ended
 * while the service was away could not be told from a good one, so the verifier refuses to
 * judge (503). Once ready it stays ready: a Kafka outage later leaves the view as it stands, and
 * epochs raised meanwhile reach it when the broker is back.
 */
export class SessionEpochIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;
  private caughtUp = false;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly bus: KafkaBus,
    private readonly store: Store,
    private readonly view: SessionEpochView,
    readonly groupId: string,
    health: HealthRegistry,
    log: LoopLog,
  ) {
    super(health, log, [SESSION_EPOCHS, CONSUMER]);
  }

  /** True once the view holds every epoch that was on the topic when the service started. */
  get ready(): boolean {
    return this.caughtUp;
  }

  /** Resolves true once ready, or false after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.caughtUp) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve(this.caughtUp);
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiting.add(done);
    });
  }

  protected async start(): Promise<void> {
    // The retried steps report on CONSUMER: a success there must not mark the view ready early.
    await this.retry('connect the session epoch store', CONSUMER, () => this.store.connect());
    await this.retry('connect to kafka', CONSUMER, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    // Nothing on the topic that the group has not committed (an empty topic, a restart): ready
    // before the consumer has even joined its group.
    if ((await this.retry('read the session epoch lag', CONSUMER, () => this.lag())) === 0) this.markReady();
    this.consumer = await this.retry('start the session epoch consumer', CONSUMER, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['Sessions'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report(CONSUMER, up, detail),
      }),
    );
    if (this.caughtUp) return;
    this.health.down(SESSION_EPOCHS, 'catching up with the session epoch topic');
    // Ready once nothing that was on the topic is left uncommitted by the group.
    for (let delay = 100; !this.stopped; delay = Math.min(delay * 2, 1000)) {
      const lag = await this.retry('read the session epoch lag', CONSUMER, () => this.lag());
      if (lag === 0) break;
      this.health.down(SESSION_EPOCHS, `catching up with the session epoch topic: ${lag} messages to go`);
      await sleep(delay, this.stopping.signal);
    }
    this.markReady();
  }

  private lag(): Promise<number> {
    return this.bus.lag(this.groupId, ['Sessions']);
  }

  private markReady(): void {
    this.caughtUp = true;
    for (const done of [...this.waiting]) done();
    this.health.up(SESSION_EPOCHS, 'caught up');
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const epochs: SessionEpochMessage[] = [];
    const rejected: Parameters<BatchContext['deadLetter']>[0] = [];
    for (const record of batch.records) {
      const parsed = readSessionEpochMessage(record.value);
      // Our own topic: a malformed message is a bug upstream, dead-lettered with the reason.
      if (parsed.ok) epochs.push(parsed.event);
      else rejected.push({ record, reason: parsed.reason });
    }
    if (rejected.length > 0) {
      this.log.error(
        `${rejected.length} malformed session epoch(s) in ${batch.topic}/${batch.partition}: dead-lettered`,
      );
      await this.retry('dead-letter malformed session epochs', CONSUMER, () => batch.deadLetter(rejected));
    }
    await this.retryInfrastructure('store session epochs', CONSUMER, () => this.view.apply(epochs));
    await this.retry('commit session epoch offsets', CONSUMER, () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    for (const done of [...this.waiting]) done();
    await this.consumer?.stop();
  }
}
