import type { Readable } from 'node:stream';
import { AppError } from './errors';

/**
 * How much of a body that went over its limit is still read, and for how long, before the
 * connection is cut after all (a client that never stops sending).
 */
export interface DrainLimits {
  maxBytes: number;
  ms: number;
}

const DRAIN: DrainLimits = { maxBytes: 64 * 1024 * 1024, ms: 30_000 };

/** The request as `readBody` needs it: a stream of bytes and its headers. */
type BodyStream = Readable & { headers: Record<string, string | string[] | undefined> };

/**
 * Reads a raw request body (an upload) as bytes, refusing more than `max` with 413
 * PAYLOAD_TOO_LARGE, whether the size is declared (Content-Length) or not (chunked): nothing past
 * the limit is kept in memory.
 *
 * A body over the limit is not cut off by closing the connection: the kernel answers data that
 * arrives on a closed socket with a reset, which can reach the client before it has read the 413,
 * so a client still sending saw "connection reset" instead of the answer. The rest is read and
 * dropped instead (`drain`, bounded in bytes and time) while the 413 goes out, and the connection
 * stays usable.
 */
export function readBody(req: BodyStream, max: number, drain: DrainLimits = DRAIN): Promise<Buffer> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', { limit: `${max} bytes` });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) {
    discard(req, drain);
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      stop();
      discard(req, drain);
      reject(tooLarge());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away before the end of its body: nobody is left to answer.
    const onClose = () => {
      stop();
      reject(new AppError('BAD_REQUEST', { reason: 'the request body was cut off' }));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onError);
  });
}

/** Reads and drops the rest of a body; cuts the connection past `limits`. */
function discard(req: Readable, limits: DrainLimits): void {
  let dropped = 0;
  const cut = () => {
    clearTimeout(timer);
    req.destroy();
  };
  const timer = setTimeout(cut, limits.ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limits.maxBytes) cut();
  });
  req.once('end', done);
  req.once('close', done);
  // A stream closed by the client emits 'error' (aborted): nothing to do, the answer is lost anyway.
  req.on('error', done);
  req.resume();
}
