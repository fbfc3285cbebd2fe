import type { TopicKey } from '@thads/contracts';
import { envInt, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';

/** Everything the insight service reads from its environment, parsed once at start-up. */
export interface InsightConfig extends CommonConfig {
  /** Prefix of the service's consumer groups (see `consumerGroups`). */
  groupId: string;
  httpPort: number;
  /** The secret the inspection service signs access tokens with (hex or base64, ≥ 32 bytes). Empty: every call is 401. */
  tokenSecret: string;
  /** How long a read of the registry view (units) is reused, in ms. */
  orgCacheMs: number;
}

export function loadInsightConfig(env: NodeJS.ProcessEnv): InsightConfig {
  return {
    ...loadCommonConfig(env),
    // A database of its own: services never share collections (this one and the inspection
    // service would otherwise append to one `audit_trail` and keep one `org_units`).
    mongoDb: envString(env, 'INSIGHT_MONGO_DB', `${envString(env, 'MONGO_DB', 'thads_integrity')}_insight`),
    groupId: envString(env, 'INSIGHT_GROUP_ID', 'thads-insight'),
    httpPort: envInt(env, 'INSIGHT_HTTP_PORT', 8082),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
    orgCacheMs: envInt(env, 'ORG_CACHE_MS', 1000),
  };
}

export const INSIGHT_CONFIG = Symbol('INSIGHT_CONFIG');

/** A consumer group of the service, the topics it reads and the health component that reports it. */
export interface ConsumerGroup {
  group: string;
  topics: TopicKey[];
  component: string;
}

/**
 * Every consumer group of the service, named once here for the consumers, their lag on
 * /metrics and the tests. Each set of figures has a group of its own, so a deployment that
 * adds one reads its topics from the beginning without touching the others' checkpoints.
 */
export function consumerGroups(config: Pick<InsightConfig, 'groupId'>) {
  const g = config.groupId;
  return {
    /** The statistics (ADR 0008). */
    cases: { group: `${g}-cases`, topics: ['CaseEvents', 'FinanceEvents'], component: 'cases-consumer' },
    registry: { group: `${g}-registry`, topics: ['RegistryEvents'], component: 'registry-consumer' },
    /** The official days off (`@thads/calendar`): complaint deadlines move off them. */
    calendar: { group: `${g}-calendar`, topics: ['Calendar'], component: 'calendar-consumer' },
    /** The users' session epochs: a token of an ended session is refused (@thads/sessions). */
    sessions: { group: `${g}-sessions`, topics: ['Sessions'], component: 'sessions-consumer' },
    /** Integrity: findings raised, per rule, severity and officer. */
    findings: { group: `${g}-findings`, topics: ['Findings'], component: 'findings-consumer' },
    /** Integrity: conclusions, SLA breaches and discipline (both topics keyed by officer, read co-partitioned). */
    inspections: {
      group: `${g}-inspections`,
      topics: ['Inspections', 'Discipline'],
      component: 'inspections-consumer',
    },
    /** Integrity: money at risk and complaints, from the case and finance topics again. */
    caseIntegrity: {
      group: `${g}-case-integrity`,
      topics: ['CaseEvents', 'FinanceEvents'],
      component: 'case-integrity-consumer',
    },
  } satisfies Record<string, ConsumerGroup>;
}
