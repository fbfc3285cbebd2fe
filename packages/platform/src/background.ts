import { isInfrastructureFailure } from './failures';
import { AbortedError, healthAwareRetry, sleep } from './retry';
import type { HealthRegistry } from './health';

export interface LoopLog {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The one shape of every long-running part of a service (a Kafka consumer, a queue worker).
 *
 * - It starts in the background, so `/health` answers (503, naming what is missing) while a
 *   dependency is away, instead of the process failing to boot.
 * - Each start-up step goes through `retry(what, component, op)`: backoff without end for what
 *   the infrastructure can fix, the component reported down with the reason meanwhile.
 * - Shutdown has two phases, matching Nest's hooks: `beforeApplicationShutdown` stops taking
 *   work (`halt`), and only after every loop has halted does the owner of the shared
 *   connections (bus, store, Redis) close them in `onApplicationShutdown`. A loop that closed a
 *   shared connection itself could pull it from under a sibling still finishing a batch.
 *
 * Nest calls the hooks by name, so this class needs nothing from Nest.
 */
export abstract class BackgroundLoop<L extends LoopLog = LoopLog> {
  protected readonly stopping = new AbortController();
  protected readonly retry: <T>(what: string, component: string, op: () => Promise<T>) => Promise<T>;
  /**
   * `retry` for a consumer's work on a message: only a failure of the infrastructure is retried
   * without end (`isInfrastructureFailure`); any other is thrown at once as a `PermanentFailure`,
   * and the consumer tries the message once more, then dead-letters it (packages/messaging).
   */
  protected readonly retryInfrastructure: <T>(what: string, component: string, op: () => Promise<T>) => Promise<T>;
  private running?: Promise<void>;

  protected constructor(
    protected readonly health: HealthRegistry,
    protected readonly log: L,
    components: readonly string[],
  ) {
    this.retry = healthAwareRetry(health, log, this.stopping.signal);
    this.retryInfrastructure = healthAwareRetry(health, log, this.stopping.signal, isInfrastructureFailure);
    health.expect(...components);
  }

  onApplicationBootstrap(): void {
    this.running = this.start().catch((err: unknown) => {
      if (!(err instanceof AbortedError))
        this.log.error(`start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }

  /** True once shutdown has begun. */
  protected get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Connects and starts taking work; every step retried through `this.retry`. */
  protected abstract start(): Promise<void>;

  /** Stops taking work (consumers, workers). Shared connections are closed by their owner after. */
  protected abstract halt(): Promise<void>;

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.halt();
  }
}

/**
 * A loop that, once its store is connected, runs `sweep` every `everyMs` until shutdown: the
 * relays and announcement sweeps that make good what a crash or an outage left half done (an
 * outbox entry not published, a change stored but not announced). A failed sweep is logged and
 * tried again at the next turn; nothing waits on it, so it has nothing to halt.
 */
export abstract class SweepLoop<L extends LoopLog = LoopLog> extends BackgroundLoop<L> {
  protected constructor(
    health: HealthRegistry,
    log: L,
    private readonly sweepOf: {
      /** Names the sweep in the log ("outbox relay"). */
      what: string;
      everyMs: number;
      /** Connects the store the sweep reads (retried while it is away). */
      connect: () => Promise<void>;
    },
  ) {
    super(health, log, []);
  }

  /** One turn. */
  protected abstract sweep(): Promise<void>;

  protected async start(): Promise<void> {
    const { what, everyMs, connect } = this.sweepOf;
    await this.retry(`connect the store of the ${what}`, 'store', connect);
    while (!this.stopped) {
      try {
        await this.sweep();
      } catch (err) {
        this.log.warn(`${what}: ${err instanceof Error ? err.message : String(err)} (retrying)`);
      }
      await sleep(everyMs, this.stopping.signal).catch(() => undefined);
    }
  }

  protected halt(): Promise<void> {
    return Promise.resolve();
  }
}
