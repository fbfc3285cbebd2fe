type Headers = Record<string, string | string[] | undefined>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request that changes something must be refused as cross-site, or undefined. The session
 * cookies are SameSite=Strict, so a browser does not send them from another site at all; this
 * is the second line: a state-changing request must come from a page of this origin (the
 * `Origin` header, which browsers send on every such request, names this host) and carry the
 * console's own header, which a cross-site form cannot set (needed only when the session
 * cookie is what authenticates the request).
 */
export function crossSiteRefusal(method: string, headers: Headers, withSessionCookie: boolean): string | undefined {
  if (SAFE.has(method.toUpperCase())) return undefined;
  const origin = one(headers['origin']);
  const host = one(headers['x-forwarded-host']) ?? one(headers['host']);
  if (origin !== undefined) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'the Origin header is not a URL';
    }
    if (originHost !== host) return `a request from ${origin} may not act on this site`;
  }
  // A program calling with its own bearer token and no cookie cannot be led by another site.
  if (withSessionCookie && one(headers['x-requested-with']) !== 'thads-console')
    return 'the X-Requested-With: thads-console header is missing';
  return undefined;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
