import { PassThrough } from 'node:stream';
import { readBody } from './body';
import { AppError } from './errors';

/** A request body as a stream the test writes into, with the headers a client would send. */
function request(headers: Record<string, string> = {}): PassThrough & { headers: Record<string, string> } {
  return Object.assign(new PassThrough(), { headers });
}

const code = (err: unknown) => (err instanceof AppError ? err.code : String(err));

describe('reading an upload within its limit', () => {
  it('gives back a body sent in chunks with no declared size, up to the limit', async () => {
    const req = request();
    const read = readBody(req, 10);
    req.write('abcde');
    req.end('fghij');
    expect((await read).toString()).toBe('abcdefghij');
  });

  it('refuses a chunked body past the limit with 413, and reads the rest instead of cutting the connection', async () => {
    const req = request();
    const read = readBody(req, 10, { maxBytes: 1000, ms: 10_000 });
    req.write('abcdefgh');
    req.write('ijklmnop');
    expect(code(await read.catch((e: unknown) => e))).toBe('PAYLOAD_TOO_LARGE');
    // The client is still sending: its bytes are taken and dropped, the stream stays open.
    const outcome = new Promise((r) => {
      req.once('end', () => r('read to the end'));
      req.once('close', () => r(req.readableEnded ? 'read to the end' : 'cut off'));
    });
    req.write('q'.repeat(500));
    req.end();
    expect(await outcome).toBe('read to the end');
  });

  it('refuses a declared size past the limit at once', async () => {
    const req = request({ 'content-length': '11' });
    expect(code(await readBody(req, 10).catch((e: unknown) => e))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('cuts a client that keeps sending past what it drains', async () => {
    const req = request();
    const read = readBody(req, 10, { maxBytes: 100, ms: 10_000 });
    req.write('x'.repeat(20));
    await read.catch(() => undefined);
    req.write('y'.repeat(200));
    await new Promise((r) => req.once('close', r));
    expect(req.destroyed).toBe(true);
  });

  it('cuts a client that keeps the connection open past the drain time', async () => {
    const req = request();
    const read = readBody(req, 10, { maxBytes: 1000, ms: 50 });
    req.write('x'.repeat(20));
    await read.catch(() => undefined);
    await new Promise((r) => req.once('close', r));
    expect(req.destroyed).toBe(true);
  });
});
