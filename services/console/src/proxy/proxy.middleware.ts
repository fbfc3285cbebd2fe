import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiErrorMessage, type ApiErrorCode } from '@thads/contracts';
import { correlationOf, type CorrelatedRequest } from '@thads/http';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config';
import { hasSessionCookie } from '../session/session';
import { SessionService } from '../session/session.service';
import { forwardedFor, forwardedRequestHeaders, forwardedResponseHeaders, upstreamFor } from './routes';
import { crossSiteRefusal } from './same-origin';

/** An upstream that has not answered within this time is reported as unavailable (reports take a few seconds). */
const UPSTREAM_TIMEOUT_MS = 120_000;

/**
 * Routes every request under /api to the service that owns its prefix, streaming both ways
 * (uploads and report downloads are not buffered), with the session's access token in place of
 * the browser's cookies. The services keep their own validation, authorization and errors; the
 * console adds only what a shared origin needs: the session, the same-origin check, and an
 * answer in the API's error format when a service cannot be reached.
 */
@Injectable()
export class ProxyMiddleware implements NestMiddleware {
  private readonly log = new Logger('Proxy');

  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sessions: SessionService,
  ) {}

  async use(req: Request, res: Response): Promise<void> {
    const refusal = crossSiteRefusal(req.method, req.headers, hasSessionCookie(req.headers.cookie));
    if (refusal) return this.fail(req, res, 'BAD_REQUEST', { reason: refusal });
    const session = await this.sessions.resolve(req);
    if (session.setCookies.length) res.setHeader('Set-Cookie', session.setCookies);
    const service = upstreamFor(req.originalUrl.split('?')[0] ?? '');
    const target = new URL(req.originalUrl, this.config.upstreams[service]);
    const headers = forwardedRequestHeaders(req.headers, session.accessToken);
    headers['x-forwarded-for'] = forwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress);
    headers['x-forwarded-host'] = req.headers.host;
    headers['x-correlation-id'] = correlationOf(req as CorrelatedRequest);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(
      target,
      { method: req.method, headers, timeout: UPSTREAM_TIMEOUT_MS },
      (answer: IncomingMessage) => {
        res.status(answer.statusCode ?? 502);
        for (const [k, v] of Object.entries(forwardedResponseHeaders(answer.headers)))
          if (v !== undefined) res.setHeader(k, v);
        answer.pipe(res);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
    outgoing.on('error', (err) => {
      this.log.warn(`${req.method} ${req.originalUrl} → ${target.origin}: ${err.message}`);
      if (!res.headersSent) this.fail(req, res, 'UNAVAILABLE', { reason: `the ${service} service cannot be reached` });
      else res.destroy();
    });
    // A browser that gives up (closed tab) stops the upload to the service too.
    req.on('aborted', () => outgoing.destroy());
    req.pipe(outgoing);
  }

  private fail(req: Request, res: Response, code: ApiErrorCode, params: Record<string, string>): void {
    const correlationId = correlationOf(req as CorrelatedRequest);
    const status = code === 'UNAVAILABLE' ? 503 : 400;
    res.status(status).json({ code, message: apiErrorMessage(code, params), params, correlationId });
  }
}
