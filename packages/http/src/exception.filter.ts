import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { apiErrorMessage, type ApiErrorBody, type ApiErrorCode } from '@thads/contracts';
import { AppError, type ErrorParams } from './errors';
import { correlationOf, type CorrelatedRequest } from './correlation';

/**
 * Told, before the answer, of every request refused for who made it — a 403, a failed or locked
 * sign-in, a token that does not verify — and of a refused workflow step (ILLEGAL_TRANSITION):
 * the services write these to their audit trail. A request with no credentials at all is not
 * reported (anonymous probing would fill the trail).
 */
export interface DenialListener {
  denied(req: CorrelatedRequest, error: AppError): Promise<void>;
}

const REPORTED_CODES: ReadonlySet<ApiErrorCode> = new Set(['SIGN_IN_FAILED', 'ACCOUNT_LOCKED', 'ILLEGAL_TRANSITION']);

function reported(req: CorrelatedRequest, error: AppError): boolean {
  if (error.status === 403 || REPORTED_CODES.has(error.code)) return true;
  // A token was presented and refused: forged, expired, or of an ended session.
  return error.code === 'UNAUTHENTICATED' && (req.headers.authorization ?? '') !== '';
}

export const DENIAL_LISTENER = Symbol('DENIAL_LISTENER');

/** Nest's own exceptions (unknown route, body parser limits) in the same model. */
function fromHttpException(exception: HttpException, req: CorrelatedRequest): AppError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const given = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const text = typeof given === 'string' ? given : Array.isArray(given) ? given.join('; ') : exception.message;
  const codes: Record<number, ApiErrorCode> = { 401: 'UNAUTHENTICATED', 413: 'PAYLOAD_TOO_LARGE', 503: 'UNAVAILABLE' };
  if (status === 404) return new AppError('ROUTE_NOT_FOUND', { method: req.method, path: req.path });
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', { limit: 'the limit' });
  const code = codes[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return new AppError(code, { reason: text });
}

/**
 * The one exception filter of every service: each error answer is
 * `{ code, message: { vi, en }, field?, params?, details?, correlationId }`, and the log line of a
 * refused or failed request carries the same correlation id. Unexpected errors answer 500
 * without their text (which may hold internals) and are logged with their stack.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('Http');

  constructor(private readonly listener?: DenialListener) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<CorrelatedRequest>();
    const res = http.getResponse<Response>();
    const correlationId = correlationOf(req);
    const what = `${req.method} ${req.originalUrl}`;
    let error: AppError;
    if (exception instanceof AppError) error = exception;
    else if (exception instanceof HttpException) error = fromHttpException(exception, req);
    else if (isBodyTooLarge(exception)) error = new AppError('PAYLOAD_TOO_LARGE', { limit: 'the limit' });
    else if (isDocumentBusy(exception)) {
      // Another request holds the record for longer than a write waits (`DocumentBusyError`,
      // @thads/store): nothing was written, and trying again shortly is the remedy.
      this.log.warn(`[${correlationId}] ${what}: ${(exception as Error).message}`);
      error = new AppError(
        'UNAVAILABLE',
        { reason: 'the record is being changed by another request' },
        { retryAfterS: 5 },
      );
    } else {
      this.log.error(
        `[${correlationId}] ${what} failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
      error = new AppError('INTERNAL');
    }
    // A refusal answered as something else (a 404 for what lies outside the caller's units) is
    // reported as the refusal it is.
    const refusal = error.extra.concealed ?? error;
    if (this.listener && reported(req, refusal)) {
      this.log.warn(`[${correlationId}] refused ${what}: ${refusal.code} ${refusal.message}`);
      try {
        await this.listener.denied(req, refusal);
      } catch (err) {
        this.log.error(`[${correlationId}] could not record the denial of ${what}: ${String(err)}`);
      }
    } else if (error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 429) {
      // A 429 is not logged one by one: it answers a flood, which would then flood the log too
      // (the limiter says once per window when a limit is reached).
      this.log.log(`[${correlationId}] ${what} → ${error.status} ${error.code}: ${error.message}`);
    }
    if (res.headersSent) return;
    if (error.extra.retryAfterS !== undefined)
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.extra.retryAfterS))));
    res.status(error.status).json(errorBody(error, correlationId));
  }
}

export function errorBody(error: AppError, correlationId: string): ApiErrorBody {
  const params: ErrorParams = error.params;
  return {
    code: error.code,
    message: apiErrorMessage(error.code, params),
    ...(error.extra.field ? { field: error.extra.field } : {}),
    ...(Object.keys(params).length ? { params } : {}),
    ...(error.extra.details ? { details: error.extra.details } : {}),
    correlationId,
  };
}

/** By name: the HTTP layer does not depend on the store. */
function isDocumentBusy(err: unknown): boolean {
  return err instanceof Error && err.name === 'DocumentBusyError';
}

function isBodyTooLarge(err: unknown): boolean {
  return (err as { type?: unknown } | null)?.type === 'entity.too.large';
}
