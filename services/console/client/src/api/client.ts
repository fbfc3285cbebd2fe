import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as DetectorPaths } from './generated/detector';
import type { paths as DisciplinePaths } from './generated/discipline';
import type { paths as InsightPaths } from './generated/insight';
import type { paths as InspectionPaths } from './generated/inspection';
import { ApiError, type ApiErrorBody } from './errors';

/**
 * The typed clients of the services, all through the console's origin: requests and
 * answers are typed from the services' OpenAPI documents (generated/, `npm run openapi`). The
 * session is in HttpOnly cookies the browser sends by itself; page scripts never see a token.
 */

/** Called when a service answers 401: the session ended (expired, revoked, signed out elsewhere). */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

const errors: Middleware = {
  onRequest({ request }) {
    // The console refuses a state-changing request without it (a cross-site form cannot set it).
    request.headers.set('X-Requested-With', 'thads-console');
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    let body: ApiErrorBody;
    try {
      body = (await response.clone().json()) as ApiErrorBody;
    } catch {
      body = { code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL' };
    }
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(response.status, body);
  },
};

function client<Paths extends object>() {
  const c = createClient<Paths>({ baseUrl: '', credentials: 'same-origin' });
  c.use(errors);
  return c;
}

export const inspection = client<InspectionPaths>();
export const discipline = client<DisciplinePaths>();
export const insight = client<InsightPaths>();
/** The detector: the rule book and the official days off (administrators). */
export const detector = client<DetectorPaths>();

/** The data of a call that succeeded (errors were thrown by the middleware). */
export function data<T>(result: { data?: T; error?: unknown }): T {
  if (result.data === undefined) throw new ApiError(500, { code: 'INTERNAL' });
  return result.data;
}
