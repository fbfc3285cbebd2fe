import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A caller-given id is kept if it is short and plain; anything else gets a fresh one. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,64}$/;

export type CorrelatedRequest = Request & { correlationId?: string };

/**
 * Gives every request a correlation id (the caller's `x-correlation-id`, or a new one), echoed
 * in the answer's header and carried by every error body and log line about the request.
 */
export function correlationMiddleware(req: CorrelatedRequest, res: Response, next: NextFunction): void {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}

export function correlationOf(req: CorrelatedRequest): string {
  req.correlationId ??= randomUUID();
  return req.correlationId;
}
