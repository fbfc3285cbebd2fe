import { envInt, envString, loadCommonConfig, type CommonConfig } from '@thads/platform';

/** Everything the insight service reads from its environment, parsed once at start-up. */
export interface InsightConfig extends CommonConfig {
  /** Prefix of the service's consumer groups (`-cases`, `-registry`). */
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
    groupId: envString(env, 'INSIGHT_GROUP_ID', 'thads-insight'),
    httpPort: envInt(env, 'INSIGHT_HTTP_PORT', 8082),
    tokenSecret: envString(env, 'TOKEN_SECRET', ''),
    orgCacheMs: envInt(env, 'ORG_CACHE_MS', 1000),
  };
}

export const INSIGHT_CONFIG = Symbol('INSIGHT_CONFIG');
