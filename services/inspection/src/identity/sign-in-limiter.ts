import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppError } from '@thads/http';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import {
  accountKey,
  addressKey,
  admission,
  clientAddress,
  trustedProxies,
  type CountAnswer,
  type SignInLimits,
} from './sign-in-limits';

/**
 * Counts one attempt on each key in turn and stops at the first over its limit (the later ones
 * are not counted: an address already refused does not use up an account's attempts). One
 * script, so the count and its expiry are set together however many instances count at once; a
 * key left without an expiry (none should be) gets one here rather than counting forever.
 * A fixed window: at its edge up to twice the limit can pass within a short time, which is
 * still a bound, and costs one key per address or account instead of a set of timestamps.
 *
 * KEYS: the counters; ARGV[1]: the window in ms; ARGV[1 + i]: the limit of KEYS[i].
 * Returns { over, ttlMs, count } (CountAnswer), over = 0 when every counter is within its limit.
 */
const COUNT_ATTEMPT = `
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  if count > tonumber(ARGV[i + 1]) then
    return { i, ttl, count }
  end
end
return { 0, 0, 0 }
`;

/** How long a count may take before the attempt is let through uncounted. */
const COMMAND_TIMEOUT_MS = 1000;

/** Redis unreachable is said at most this often, not once per sign-in. */
const OUTAGE_LOG_EVERY_MS = 60_000;

/** What the limiter reads of a request: the socket's peer and the forwarded-for header. */
export interface RequestLike {
  socket: { remoteAddress?: string | undefined };
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The per-address and per-account limits on presenting credentials (sign-in, refresh, password
 * change), answering 429 with `Retry-After` once a limit is reached. The counters are in Redis,
 * shared by every instance of the service, on a connection of the limiter's own: the job queues'
 * connection waits out an outage, and a sign-in must not.
 *
 * When Redis cannot be reached the attempt is let through (fail open) and a warning logged:
 * the lockout, kept in the store, still stops password guessing at 5 failures per account in
 * 15 minutes, so an outage loses only the brake on load; refusing every sign-in instead (503)
 * would stop every officer from working whenever Redis is away, and hand anyone who can slow
 * Redis down a way to do that.
 */
@Injectable()
export class SignInLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('SignInLimiter');
  private readonly redis: IORedis;
  private readonly limits: SignInLimits;
  private readonly prefix: string;
  private readonly trusted: (address: string) => boolean;
  private lastOutageLog = 0;

  constructor(@Inject(INSPECTION_CONFIG) config: InspectionConfig) {
    this.limits = config.signInLimits;
    this.prefix = config.queuePrefix;
    this.trusted = trustedProxies(config.trustedProxies);
    // No offline queue and no retries: while Redis is away a count fails at once instead of waiting.
    this.redis = new IORedis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    this.redis.on('error', (err: Error) => this.outage(err));
  }

  async onModuleInit(): Promise<void> {
    // Not waited out: the service starts without Redis, and the connection keeps retrying.
    await this.redis.connect().catch((err: unknown) => this.outage(err));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** The address the request came from (X-Forwarded-For believed only from a trusted proxy). */
  addressOf(req: RequestLike): string {
    return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trusted);
  }

  /**
   * Counts an attempt from the request's address and, when the account is known, at that
   * account; throws RATE_LIMITED (429) when either has had its fill for the window.
   */
  async admit(req: RequestLike, account?: string): Promise<void> {
    const address = this.addressOf(req);
    const keys = [addressKey(this.prefix, address)];
    const limits = [this.limits.perAddress];
    if (account !== undefined) {
      keys.push(accountKey(this.prefix, account));
      limits.push(this.limits.perAccount);
    }
    let answer: CountAnswer;
    try {
      answer = parseAnswer(await this.redis.eval(COUNT_ATTEMPT, keys.length, ...keys, this.limits.windowMs, ...limits));
    } catch (err) {
      this.outage(err);
      return;
    }
    const decision = admission(answer, limits);
    if (decision.admitted) return;
    if (decision.first)
      this.log.warn(
        answer.over === 1
          ? `sign-in limit reached from ${address}: ${this.limits.perAddress} attempts within ${this.limits.windowMs} ms`
          : `sign-in limit reached for account ${account ?? ''}: ${this.limits.perAccount} attempts within ${this.limits.windowMs} ms`,
      );
    throw new AppError('RATE_LIMITED', { seconds: decision.retryAfterS }, { retryAfterS: decision.retryAfterS });
  }

  private outage(err: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_EVERY_MS) return;
    this.lastOutageLog = now;
    this.log.warn(
      `Redis cannot be reached: sign-in attempts are let through uncounted until it can (the lockout still applies): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function parseAnswer(raw: unknown): CountAnswer {
  if (!Array.isArray(raw) || raw.length !== 3 || !raw.every((n) => typeof n === 'number'))
    throw new Error(`unexpected answer of the counting script: ${JSON.stringify(raw)}`);
  const [over, ttlMs, count] = raw as [number, number, number];
  return { over, ttlMs, count };
}
