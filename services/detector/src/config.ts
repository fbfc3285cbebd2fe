import { envInt, envList, envString } from '@thads/platform';

/** Everything the detector reads from its environment, parsed once at start-up. */
export interface DetectorConfig {
  kafkaBrokers: string[];
  /** Prefix for every topic name (empty in production; tests use their own). */
  topicPrefix: string;
  groupId: string;
  /** Interface to listen on: loopback here; 0.0.0.0 inside a container. */
  listenHost: string;
  mongoUrl: string;
  mongoDb: string;
  healthPort: number;
  /** Write state behind at most this often while batches keep coming. */
  flushIntervalMs: number;
}

export function loadDetectorConfig(env: NodeJS.ProcessEnv): DetectorConfig {
  return {
    kafkaBrokers: envList(env, 'KAFKA_BROKERS', ['127.0.0.1:9092']),
    topicPrefix: envString(env, 'TOPIC_PREFIX', ''),
    groupId: envString(env, 'DETECTOR_GROUP_ID', 'thads-detector'),
    listenHost: envString(env, 'LISTEN_HOST', '127.0.0.1'),
    mongoUrl: envString(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/'),
    mongoDb: envString(env, 'MONGO_DB', 'thads_integrity'),
    healthPort: envInt(env, 'DETECTOR_HEALTH_PORT', 8081),
    flushIntervalMs: envInt(env, 'DETECTOR_FLUSH_INTERVAL_MS', 0),
  };
}

export const DETECTOR_CONFIG = Symbol('DETECTOR_CONFIG');
