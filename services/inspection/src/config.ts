import { envInt, envList, envString } from '@thads/platform';

/** Everything the inspection service reads from its environment, parsed once at start-up. */
export interface InspectionConfig {
  kafkaBrokers: string[];
  topicPrefix: string;
  groupId: string;
  /** Interface to listen on: loopback here; 0.0.0.0 inside a container. */
  listenHost: string;
  mongoUrl: string;
  mongoDb: string;
  redisUrl: string;
  /** Prefix of BullMQ keys in Redis (tests use their own). */
  queuePrefix: string;
  httpPort: number;
  /** The detector's own health endpoint, folded into GET /health. Empty: not checked. */
  detectorHealthUrl: string;
}

export function loadInspectionConfig(env: NodeJS.ProcessEnv): InspectionConfig {
  return {
    kafkaBrokers: envList(env, 'KAFKA_BROKERS', ['127.0.0.1:9092']),
    topicPrefix: envString(env, 'TOPIC_PREFIX', ''),
    groupId: envString(env, 'INSPECTION_GROUP_ID', 'thads-inspection'),
    listenHost: envString(env, 'LISTEN_HOST', '127.0.0.1'),
    mongoUrl: envString(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/'),
    mongoDb: envString(env, 'MONGO_DB', 'thads_integrity'),
    redisUrl: envString(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: envString(env, 'QUEUE_PREFIX', 'thads'),
    httpPort: envInt(env, 'HTTP_PORT', 8080),
    detectorHealthUrl: envString(env, 'DETECTOR_HEALTH_URL', 'http://127.0.0.1:8081/health'),
  };
}

export const INSPECTION_CONFIG = Symbol('INSPECTION_CONFIG');
