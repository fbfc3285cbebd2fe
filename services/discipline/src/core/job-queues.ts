import { Inject, Injectable, type Logger } from '@nestjs/common';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import IORedis from 'ioredis';
import { Queues, type DisciplineDeadlineJob } from '@thads/contracts';
import { HealthRegistry } from '@thads/platform';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';

/** A failed attempt: a warning while retries remain, an error once the job has failed for good. */
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
 * The deadline queue on one shared Redis connection (its health is the `redis` component; the
 * ballot rounds' leases use it too), and the worker on a connection of its own (it blocks).
 */
@Injectable()
export class JobQueues {
  readonly redis: IORedis;
  readonly deadlines: Queue<DisciplineDeadlineJob>;
  private worker?: { worker: Worker; redis: IORedis };

  constructor(
    @Inject(DISCIPLINE_CONFIG) private readonly config: DisciplineConfig,
    health: HealthRegistry,
  ) {
    this.redis = connection(config.redisUrl);
    this.redis.on('ready', () => health.up('redis'));
    this.redis.on('error', (err: Error) => health.down('redis', err.message));
    this.deadlines = new Queue<DisciplineDeadlineJob>(Queues.DisciplineDeadlines, {
      connection: this.redis,
      prefix: config.queuePrefix,
    });
    // A queue re-emits its connection's errors; an 'error' nobody listens to would end the process.
    this.deadlines.on('error', (err: Error) => health.down('redis', err.message));
  }

  async connect(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await this.redis.connect().catch((e: unknown) => {
      if (this.redis.status !== 'ready') throw e;
    });
  }

  /** Starts the deadline worker (callers start it once the store answers). */
  startWorker(processor: Processor<DisciplineDeadlineJob>): Worker<DisciplineDeadlineJob> {
    const redis = connection(this.config.redisUrl);
    const worker = new Worker<DisciplineDeadlineJob>(Queues.DisciplineDeadlines, processor, {
      connection: redis,
      prefix: this.config.queuePrefix,
      concurrency: 1,
    });
    this.worker = { worker: worker as Worker, redis };
    return worker;
  }

  async stopWorker(): Promise<void> {
    if (this.worker) await closeWhenSettled(this.worker.worker);
  }

  async close(): Promise<void> {
    await this.stopWorker();
    // BullMQ leaves connections it was given open: ours are closed here.
    this.worker?.redis.disconnect();
    await closeWhenSettled(this.deadlines);
    this.redis.disconnect();
  }
}

/**
 * Closes a queue or worker once its connection has finished starting (or failed to), waiting at
 * most 2 s: closed in the middle of its start, BullMQ emits the start's failure with nobody
 * listening, which ends the process.
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
