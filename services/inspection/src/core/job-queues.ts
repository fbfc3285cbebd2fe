import { Inject, Injectable, type Logger } from '@nestjs/common';
import { Queue, Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { Queues, type InspectionTaskJob, type SlaJob, type SuppressionEndJob } from '@thads/contracts';
import { HealthRegistry } from '@thads/platform';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';

/** A failed attempt: a warning while retries remain, an error once the job has failed for good (GET /api/admin/jobs). */
export function logFailure(log: Pick<Logger, 'warn' | 'error'>, what: string, job: Job | undefined, err: Error): void {
  const attempts = job?.opts.attempts ?? 1;
  const made = job?.attemptsMade ?? 0;
  if (made < attempts) log.warn(`${what} failed (attempt ${made} of ${attempts}, will retry): ${err.message}`);
  else log.error(`${what} failed for good after ${made} attempts: ${err.message}`);
}

/** Redis connection options BullMQ needs: commands wait out an outage instead of failing. */
function connection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: true });
}

/**
 * The service's BullMQ queues on one shared Redis connection (its health is the `redis`
 * component), and the workers, each on a connection of its own (workers block on Redis).
 */
@Injectable()
export class JobQueues {
  readonly redis: IORedis;
  readonly inspection: Queue<InspectionTaskJob>;
  readonly sla: Queue<SlaJob>;
  readonly suppressions: Queue<SuppressionEndJob>;
  private readonly workers: { worker: Worker; redis: IORedis }[] = [];

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    health: HealthRegistry,
  ) {
    this.redis = connection(config.redisUrl);
    this.redis.on('ready', () => health.up('redis'));
    this.redis.on('error', (err: Error) => health.down('redis', err.message));
    this.inspection = new Queue<InspectionTaskJob>(Queues.Inspection, {
      connection: this.redis,
      prefix: config.queuePrefix,
    });
    this.sla = new Queue<SlaJob>(Queues.Sla, { connection: this.redis, prefix: config.queuePrefix });
    this.suppressions = new Queue<SuppressionEndJob>(Queues.Suppressions, {
      connection: this.redis,
      prefix: config.queuePrefix,
    });
    // A queue re-emits its connection's errors; an 'error' nobody listens to would end the process.
    for (const queue of this.all) queue.on('error', (err: Error) => health.down('redis', err.message));
  }

  async connect(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await this.redis.connect().catch((e: unknown) => {
      if (this.redis.status !== 'ready') throw e;
    });
  }

  /** The queue called `name` (admin views), if it is one of ours. */
  byName(name: string): Queue | undefined {
    return this.all.find((q) => q.name === name);
  }

  get all(): Queue[] {
    return [this.inspection, this.sla, this.suppressions] as Queue[];
  }

  /** Starts a worker on `queue` (not before the store is reachable: callers start it then). */
  startWorker<T>(queue: string, processor: Processor<T>, options: Partial<WorkerOptions> = {}): Worker<T> {
    const redis = connection(this.config.redisUrl);
    const worker = new Worker<T>(queue, processor, {
      connection: redis,
      prefix: this.config.queuePrefix,
      concurrency: 1,
      ...options,
    });
    this.workers.push({ worker: worker as Worker, redis });
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => closeWhenSettled(w.worker)));
    // BullMQ leaves connections it was given open: ours are closed here.
    for (const w of this.workers) w.redis.disconnect();
    await Promise.all(this.all.map((q) => closeWhenSettled(q)));
    this.redis.disconnect();
  }
}

/**
 * Closes a queue or worker once its connection has finished starting (or failed to), waiting
 * at most 2 s. Closed in the middle of its start, BullMQ detaches its listeners first and the
 * start's failure ("Connection is closed") is then emitted with nobody listening, which ends
 * the process.
 */
export async function closeWhenSettled(q: {
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    q.waitUntilReady().catch(() => undefined),
    new Promise((r) => {
      timer = setTimeout(r, 2000);
    }),
  ]);
  clearTimeout(timer);
  await q.close();
}
