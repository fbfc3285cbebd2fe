import { ConfigError, envInt, envList, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';
import type { Severity } from '@thads/contracts';
import { DEFAULT_SLA_WORKING_DAYS } from './inspections/sla';
import { DEFAULT_SIGN_IN_LIMITS, trustedProxies, type SignInLimits } from './identity/sign-in-limits';

/** Everything the inspection service reads from its environment, parsed once at start-up. */
export interface InspectionConfig extends CommonConfig {
  groupId: string;
  redisUrl: string;
  /** Prefix of the service's keys in Redis, BullMQ's and the sign-in counters' (tests use their own). */
  queuePrefix: string;
  httpPort: number;
  /** The detector's own health endpoint, folded into GET /health. Empty: not checked. */
  detectorHealthUrl: string;
  /** Secret that signs access tokens (at least 32 bytes; hex or base64). Empty: a random one per start. */
  tokenSecret: string;
  /** Key of the audit chain's links (64 hex digits, kept out of the store). Empty: plain SHA-256 links. */
  auditKey: string;
  /** First audit entry that must be keyed: 1, or where the keyed segment of a chain begun without a key starts. */
  auditKeyedFrom: number;
  /** Unit of the first administrator, created at the first start. */
  adminUnitId: string;
  /** Most open inspections one inspector is given by the assignment worker. */
  assignmentCap: number;
  /** How long an inspection nobody can take waits before assignment is tried again. */
  assignmentRetryMs: number;
  /** Working days an inspection may take, by severity. */
  slaWorkingDays: Record<Severity, number>;
  /** Collections the case events are spread over (set once: changing it hides stored timelines). */
  caseFileBuckets: number;
  /** Largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** How long a read of the registry view (units, officers, relations) is reused, in ms. */
  orgCacheMs: number;
  /**
   * How long the copy of the active suppressions that intake checks every finding against is
   * reused, in ms: a suppression made or lifted on another instance applies here within this.
   */
  suppressionRefreshMs: number;
  /**
   * How often the session epochs marked unannounced (raised, but the outbox write failed or the
   * process stopped first) are announced, in ms: the bound on how late the other services learn of one.
   */
  sessionEpochSweepMs: number;
  /**
   * How often the finding revisions marked unannounced (a status change or a release stored, but
   * the outbox write failed or the process stopped first) are announced, in ms: the bound on how
   * late the other services learn of one (a referral: discipline).
   */
  announceSweepMs: number;
  /** Attempts at presenting credentials allowed per client address and per account, in one window (identity/sign-in-limits.ts). */
  signInLimits: SignInLimits;
  /**
   * The proxies whose `X-Forwarded-For` names the client (addresses, CIDR ranges, `loopback`,
   * `none`): the console, which runs beside the service. From any other peer the header is
   * ignored, or anyone could dodge the per-address limit by writing a new one each time.
   */
  trustedProxies: string[];
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = envInt(env, name, fallback);
  if (n < 1) throw new ConfigError(`${name} must be at least 1, got ${n}`);
  return n;
}

function proxies(env: NodeJS.ProcessEnv): string[] {
  const list = envList(env, 'TRUSTED_PROXIES', ['loopback']);
  try {
    trustedProxies(list);
  } catch (err) {
    throw new ConfigError(`TRUSTED_PROXIES: ${err instanceof Error ? err.message : String(err)}`);
  }
  return list;
}

export function loadInspectionConfig(env: NodeJS.ProcessEnv): InspectionConfig {
  return {
    ...loadCommonConfig(env),
    groupId: envString(env, 'INSPECTION_GROUP_ID', 'thads-inspection'),
    redisUrl: envString(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: envString(env, 'QUEUE_PREFIX', 'thads'),
    httpPort: envInt(env, 'HTTP_PORT', 8080),
    detectorHealthUrl: envString(env, 'DETECTOR_HEALTH_URL', 'http://127.0.0.1:8081/health'),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
    auditKey: envString(env, 'AUDIT_KEY', ''),
    auditKeyedFrom: envInt(env, 'AUDIT_KEYED_FROM', 1),
    adminUnitId: envString(env, 'ADMIN_UNIT_ID', 'DT'),
    assignmentCap: envInt(env, 'ASSIGNMENT_CAP', 15),
    assignmentRetryMs: envInt(env, 'ASSIGNMENT_RETRY_MS', 60_000),
    slaWorkingDays: {
      critical: envInt(env, 'SLA_DAYS_CRITICAL', DEFAULT_SLA_WORKING_DAYS.critical),
      high: envInt(env, 'SLA_DAYS_HIGH', DEFAULT_SLA_WORKING_DAYS.high),
      medium: envInt(env, 'SLA_DAYS_MEDIUM', DEFAULT_SLA_WORKING_DAYS.medium),
      low: envInt(env, 'SLA_DAYS_LOW', DEFAULT_SLA_WORKING_DAYS.low),
    },
    attachmentMaxBytes: envInt(env, 'ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
    caseFileBuckets: envInt(env, 'CASE_FILE_BUCKETS', 64),
    orgCacheMs: envInt(env, 'ORG_CACHE_MS', 1000),
    suppressionRefreshMs: envInt(env, 'SUPPRESSION_REFRESH_MS', 5000),
    sessionEpochSweepMs: positive(env, 'SESSION_EPOCH_SWEEP_MS', 5000),
    announceSweepMs: positive(env, 'ANNOUNCE_SWEEP_MS', 5000),
    signInLimits: {
      perAddress: positive(env, 'SIGN_IN_LIMIT_PER_ADDRESS', DEFAULT_SIGN_IN_LIMITS.perAddress),
      perAccount: positive(env, 'SIGN_IN_LIMIT_PER_ACCOUNT', DEFAULT_SIGN_IN_LIMITS.perAccount),
      windowMs: positive(env, 'SIGN_IN_LIMIT_WINDOW_MS', DEFAULT_SIGN_IN_LIMITS.windowMs),
    },
    trustedProxies: proxies(env),
  };
}

export const INSPECTION_CONFIG = Symbol('INSPECTION_CONFIG');
