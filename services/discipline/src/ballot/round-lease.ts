import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';
import { JobQueues } from '../core/job-queues';

/** Renews the lease only for its holder (a plain PEXPIRE would extend someone else's). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Which process serves an open ballot round (ballot.ts: "serve all cast calls of a round from one
 * process"): a key in Redis holding the instance id, taken when the round is opened, renewed by
 * the holder while the round is open, given back at the seal or the shutdown. It holds nothing
 * of the round: the box stays in the holder's memory. A process that dies loses its box and,
 * once its lease lapses (ROUND_LEASE_MS), the round can be opened again, empty.
 */
@Injectable()
export class RoundLease {
  readonly instanceId = randomBytes(8).toString('hex');

  constructor(
    private readonly queues: JobQueues,
    @Inject(DISCIPLINE_CONFIG) private readonly config: DisciplineConfig,
  ) {}

  /** How often the holder renews: a third of the lease, so one missed renewal does not lose it. */
  get renewEveryMs(): number {
    return Math.max(1_000, Math.floor(this.config.roundLeaseMs / 3));
  }

  private key(roundId: string): string {
    return `${this.config.queuePrefix}:discipline-round:${roundId}`;
  }

  /** True when this process holds the round now (taken now, or already). */
  async take(roundId: string): Promise<boolean> {
    await this.queues.connect();
    const key = this.key(roundId);
    const set = await this.queues.redis.set(key, this.instanceId, 'PX', this.config.roundLeaseMs, 'NX');
    if (set === 'OK') return true;
    return (await this.queues.redis.get(key)) === this.instanceId;
  }

  /** Who holds the round: this process, another one, or nobody. */
  async holder(roundId: string): Promise<'here' | 'elsewhere' | 'nobody'> {
    const value = await this.queues.redis.get(this.key(roundId));
    return value === null ? 'nobody' : value === this.instanceId ? 'here' : 'elsewhere';
  }

  /** False when this process no longer holds the round (its lease lapsed, maybe taken by another). */
  async renew(roundId: string): Promise<boolean> {
    const renewed = await this.queues.redis.eval(
      RENEW,
      1,
      this.key(roundId),
      this.instanceId,
      String(this.config.roundLeaseMs),
    );
    return renewed === 1;
  }

  async release(roundId: string): Promise<void> {
    await this.queues.redis.eval(RELEASE, 1, this.key(roundId), this.instanceId);
  }
}
