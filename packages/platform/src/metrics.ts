import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type { Counter };

/** A consumer group whose lag the service reports. */
export interface LagSource {
  group: string;
  lag(): Promise<number>;
}

/**
 * One Prometheus registry per service, scraped at GET /metrics (the text format, version 0.0.4):
 * process figures (CPU, memory, event-loop lag, GC), HTTP latency per route, the consumer lag of
 * each of the service's groups — read from the broker at scrape time, so it is right even when
 * the consumer is stuck — and the service's own counters. `extra` adds text produced elsewhere
 * (BullMQ's own exporter for queue depths).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly lags: LagSource[] = [];
  private readonly extras: (() => Promise<string>)[] = [];
  private readonly counters = new Map<string, Counter<'kind'>>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const lags = this.lags;
    new Gauge({
      name: 'kafka_consumer_group_lag',
      help: 'Messages on the topics that the consumer group has not committed yet (read from the broker at scrape time; -1: the broker did not answer).',
      labelNames: ['group'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const values = await Promise.all(lags.map((l) => l.lag().catch(() => -1)));
        lags.forEach((l, i) => this.set({ group: l.group }, values[i] ?? -1));
      },
    });
  }

  addLag(source: LagSource): void {
    this.lags.push(source);
  }

  addText(produce: () => Promise<string>): void {
    this.extras.push(produce);
  }

  /**
   * Jobs by state of BullMQ queues, as `bullmq_job_count{queue, state}` — the names of BullMQ's
   * own exporter (`Queue.exportPrometheusMetrics`), whose text cannot be appended as it is: it
   * repeats the metric's TYPE line for every queue, which Prometheus refuses.
   */
  addQueues(queues: readonly { name: string; getJobCounts(): Promise<Record<string, number>> }[]): void {
    new Gauge({
      name: 'bullmq_job_count',
      help: 'Number of jobs in the queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of queues) {
          const counts: Record<string, number> = await q.getJobCounts().catch(() => ({}));
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        }
      },
    });
  }

  /** A counter of things the service handled (`thads_events_consumed_total{kind=…}`), created once. */
  counter(name: string, help: string): Counter<'kind'> {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames: ['kind'], registers: [this.registry] });
      this.counters.set(name, c);
    }
    return c;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async text(): Promise<string> {
    const own = await this.registry.metrics();
    const extra = await Promise.all(
      this.extras.map((p) => p().catch((err: unknown) => `# extra metrics failed: ${String(err)}\n`)),
    );
    return [own, ...extra].join('\n');
  }
}
