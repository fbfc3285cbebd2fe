import { envInt, envString } from '@thads/platform';

/** Everything the console reads from its environment, parsed once at start-up. */
export interface ConsoleConfig {
  listenHost: string;
  httpPort: number;
  /** The services the console routes `/api/...` to (see `upstreamFor`). */
  upstreams: { inspection: string; discipline: string; insight: string; rules: string };
  /** The built client (index.html and its assets). */
  clientDir: string;
  /**
   * Whether the session cookies carry `Secure`. `auto`: when the request came over HTTPS
   * (directly, or `X-Forwarded-Proto: https` from a proxy the deployment trusts).
   */
  secureCookies: 'auto' | 'always' | 'never';
}

export function loadConsoleConfig(env: NodeJS.ProcessEnv, defaultClientDir: string): ConsoleConfig {
  const secure = envString(env, 'CONSOLE_SECURE_COOKIES', 'auto');
  if (secure !== 'auto' && secure !== 'always' && secure !== 'never')
    throw new Error(`CONSOLE_SECURE_COOKIES must be auto, always or never (got "${secure}")`);
  return {
    listenHost: envString(env, 'LISTEN_HOST', '127.0.0.1'),
    httpPort: envInt(env, 'CONSOLE_HTTP_PORT', 8090),
    upstreams: {
      inspection: envString(env, 'INSPECTION_URL', `http://127.0.0.1:${envInt(env, 'HTTP_PORT', 8080)}`),
      discipline: envString(env, 'DISCIPLINE_URL', `http://127.0.0.1:${envInt(env, 'DISCIPLINE_HTTP_PORT', 8083)}`),
      insight: envString(env, 'INSIGHT_URL', `http://127.0.0.1:${envInt(env, 'INSIGHT_HTTP_PORT', 8082)}`),
      // The detector answers the rule book and the calendar on its health port.
      rules: envString(env, 'DETECTOR_URL', `http://127.0.0.1:${envInt(env, 'DETECTOR_HEALTH_PORT', 8081)}`),
    },
    clientDir: envString(env, 'CONSOLE_CLIENT_DIR', defaultClientDir),
    secureCookies: secure,
  };
}

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
