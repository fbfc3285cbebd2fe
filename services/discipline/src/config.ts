import { envInt, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';

/** Everything the discipline service reads from its environment, parsed once at start-up. */
export interface DisciplineConfig extends CommonConfig {
  /** Prefix of the service's consumer groups (`-inspections`, `-registry`, `-calendar`). */
  groupId: string;
  httpPort: number;
  /** The secret the inspection service signs access tokens with (hex or base64, ≥ 32 bytes). Empty: every call is 401. */
  tokenSecret: string;
  redisUrl: string;
  /** Prefix of BullMQ keys in Redis (tests use their own). */
  queuePrefix: string;
  /** How long a read of the registry view (units, officers, relations) is reused, in ms. */
  orgCacheMs: number;
  /** The headless browser that prints the minutes as PDF; empty: the minutes are served as HTML only. */
  chromiumPath: string;
  /**
   * How long an open ballot round stays bound to the process that opened it once that process
   * stops renewing the lease (it renews every third of this while the round is open), in ms. The
   * box lives in that process's memory (ballot.ts): after a crash, the round can be opened again,
   * empty, this long after.
   */
  roundLeaseMs: number;
}

export function loadDisciplineConfig(env: NodeJS.ProcessEnv): DisciplineConfig {
  return {
    ...loadCommonConfig(env),
    groupId: envString(env, 'DISCIPLINE_GROUP_ID', 'thads-discipline'),
    httpPort: envInt(env, 'DISCIPLINE_HTTP_PORT', 8083),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
    redisUrl: envString(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: envString(env, 'QUEUE_PREFIX', 'thads'),
    orgCacheMs: envInt(env, 'ORG_CACHE_MS', 1000),
    chromiumPath: envString(env, 'CHROMIUM_PATH', '/usr/bin/chromium'),
    roundLeaseMs: envInt(env, 'ROUND_LEASE_MS', 60_000),
  };
}

export const DISCIPLINE_CONFIG = Symbol('DISCIPLINE_CONFIG');
