/**
 * Reading the environment. Each service calls these once, in its config module, and passes the
 * typed result around: nothing else reads `process.env`.
 */
export class ConfigError extends Error {}

export function envString(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${v}"`);
  return n;
}

export function envList(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const v = env[name];
  return v === undefined || v === ''
    ? fallback
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** What every service reads the same way: Kafka, the store, the interface to listen on. */
export interface CommonConfig {
  kafkaBrokers: string[];
  /** Prefix for every topic name (empty in production; tests and replays use their own). */
  topicPrefix: string;
  /** Interface to listen on: loopback here; 0.0.0.0 inside a container. */
  listenHost: string;
  mongoUrl: string;
  mongoDb: string;
  /** Replication factor of the topics a service creates; undefined: the broker's default. */
  kafkaReplicationFactor: number | undefined;
  /**
   * How long the group coordinator waits for a consumer's heartbeat before it removes the member
   * and gives its partitions to others. Longer rides out longer stalls (GC, a starved CPU) without
   * a rebalance; shorter hands a dead instance's partitions on sooner. The broker bounds it
   * (`group.min.session.timeout.ms`, 6 s by default, to `group.max.session.timeout.ms`).
   */
  kafkaSessionTimeoutMs: number;
}

export function loadCommonConfig(env: NodeJS.ProcessEnv): CommonConfig {
  return {
    kafkaBrokers: envList(env, 'KAFKA_BROKERS', ['127.0.0.1:9092']),
    topicPrefix: envString(env, 'TOPIC_PREFIX', ''),
    listenHost: envString(env, 'LISTEN_HOST', '127.0.0.1'),
    mongoUrl: envString(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/'),
    mongoDb: envString(env, 'MONGO_DB', 'thads_integrity'),
    kafkaReplicationFactor: envInt(env, 'KAFKA_REPLICATION_FACTOR', 0) || undefined,
    kafkaSessionTimeoutMs: envInt(env, 'KAFKA_SESSION_TIMEOUT_MS', 30_000),
  };
}
