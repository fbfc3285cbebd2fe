import { envInt, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';

/**
 * Everything the detector reads from its environment, parsed once at start-up. What every service
 * reads alike — Kafka (`KAFKA_BROKERS`, `KAFKA_SESSION_TIMEOUT_MS`, …), the store, the interface
 * to listen on — comes from `loadCommonConfig`.
 */
export interface DetectorConfig extends CommonConfig {
  groupId: string;
  healthPort: number;
  /** Input partitions processed at the same time by this instance (their store and Kafka waits overlap). */
  concurrency: number;
  /** How often (at most) a partition's state is written and its offsets committed. */
  flushIntervalMs: number;
  /**
   * Verifies the access tokens of the administrators' API (rule book, calendar): the secret the
   * inspection service signs them with. Unset, every call of that API answers 401.
   */
  tokenSecret: string;
}

export function loadDetectorConfig(env: NodeJS.ProcessEnv): DetectorConfig {
  return {
    ...loadCommonConfig(env),
    groupId: envString(env, 'DETECTOR_GROUP_ID', 'thads-detector'),
    healthPort: envInt(env, 'DETECTOR_HEALTH_PORT', 8081),
    concurrency: envInt(env, 'DETECTOR_CONCURRENCY', 6),
    flushIntervalMs: envInt(env, 'DETECTOR_FLUSH_INTERVAL_MS', 500),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
  };
}

export const DETECTOR_CONFIG = Symbol('DETECTOR_CONFIG');
