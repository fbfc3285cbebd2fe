import type { ArgumentsHost } from '@nestjs/common';
import { AppError } from './errors';
import { ApiExceptionFilter } from './exception.filter';

/** A request and a response as the filter sees them; the answer is recorded. */
function exchange() {
  const answer = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => (answer.headers[k] = v),
    status: (s: number) => {
      answer.status = s;
      return { json: (b: unknown) => (answer.body = b) };
    },
  };
  const req = {
    method: 'POST',
    originalUrl: '/api/findings/F-1/transitions',
    path: '/api/findings/F-1/transitions',
    headers: {},
  };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, answer };
}

/** As `@thads/store` names it (the HTTP layer recognises it by name, without depending on the store). */
class DocumentBusyError extends Error {
  constructor() {
    super('document F-1 held by another writer for over 15000 ms');
    this.name = 'DocumentBusyError';
  }
}

describe('the exception filter', () => {
  it('answers a record held by another request too long with 503 and Retry-After, not 500', async () => {
    const { host, answer } = exchange();
    await new ApiExceptionFilter().catch(new DocumentBusyError(), host);
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('5');
    expect(answer.body).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('answers any other unexpected error with 500, without its text', async () => {
    const { host, answer } = exchange();
    await new ApiExceptionFilter().catch(new Error('secret internals'), host);
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain('secret internals');
  });

  it('answers an application error with its own status', async () => {
    const { host, answer } = exchange();
    await new ApiExceptionFilter().catch(new AppError('NOT_FOUND', { what: 'finding F-1' }), host);
    expect(answer.status).toBe(404);
  });
});
