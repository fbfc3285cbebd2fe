import { envInt, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';

/** Everything the discipline service reads from its environment, parsed once at start-up. */
export interface DisciplineConfig extends CommonConfig {
  /** Prefix of the service's consumer groups (`-inspections`, `-registry`, `-calendar`). */
  groupId: string;
  httpPort: number;
  /** The secret the inspection service signs access tokens with (hex or base64, ≥ 32 bytes). Empty: every call is 401. */
  tokenSecret: string;
  /** Key of the audit chain's links (64 hex digits, kept out of the store). Empty: plain SHA-256 links. */
  auditKey: string;
  /** First audit entry that must be keyed: 1, or where the keyed segment of a chain begun without a key starts. */
  auditKeyedFrom: number;
  redisUrl: string;
  /** Prefix of BullMQ keys in Redis (tests use their own). */
  queuePrefix: string;
  /** How long a read of the registry view (units, officers, relations) is reused, in ms. */
  orgCacheMs: number;
  /**
   * How long an open ballot round stays bound to the process that opened it once that process
   * stops renewing the lease (it renews every third of this while the round is open), in ms. The
   * box lives in that process's memory (ballot.ts): after a crash, the round can be opened again,
   * empty, this long after.
   */
  roundLeaseMs: number;
  /** How many documents the subject may upload to one proceeding (`DOCUMENTS_PER_PROCEEDING`). */
  documentsPerProceeding: number;
  /** How many bytes of documents, all together, one proceeding takes (`DOCUMENT_BYTES_PER_PROCEEDING`). */
  documentBytesPerProceeding: number;
}

export function loadDisciplineConfig(env: NodeJS.ProcessEnv): DisciplineConfig {
  return {
    ...loadCommonConfig(env),
    // A database of its own: services never share collections (this one and the inspection
    // service would otherwise append to one `audit_trail` and keep one `org_units`).
    mongoDb: envString(env, 'DISCIPLINE_MONGO_DB', `${envString(env, 'MONGO_DB', 'thads_integrity')}_discipline`),
    groupId: envString(env, 'DISCIPLINE_GROUP_ID', 'thads-discipline'),
    httpPort: envInt(env, 'DISCIPLINE_HTTP_PORT', 8083),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
    auditKey: envString(env, 'AUDIT_KEY', ''),
    auditKeyedFrom: envInt(env, 'AUDIT_KEYED_FROM', 1),
    redisUrl: envString(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: envString(env, 'QUEUE_PREFIX', 'thads'),
    orgCacheMs: envInt(env, 'ORG_CACHE_MS', 1000),
    roundLeaseMs: envInt(env, 'ROUND_LEASE_MS', 60_000),
    documentsPerProceeding: envInt(env, 'DOCUMENTS_PER_PROCEEDING', 20),
    documentBytesPerProceeding: envInt(env, 'DOCUMENT_BYTES_PER_PROCEEDING', 40 * 1024 * 1024),
  };
}

export const DISCIPLINE_CONFIG = Symbol('DISCIPLINE_CONFIG');
