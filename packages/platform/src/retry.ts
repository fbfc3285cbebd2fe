/**
 * Retries an operation on a transient failure with exponential backoff and jitter, for as long
 * as it takes: work is never dropped because a dependency is down. `onFailure` lets the caller
 * report itself unhealthy meanwhile; `signal` stops the loop on shutdown.
 */
export interface RetryOptions {
  initialMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
  onFailure?: (err: unknown, attempt: number, nextDelayMs: number) => void;
  /** Return false for an error that retrying cannot fix; it is rethrown at once. */
  isRetriable?: (err: unknown) => boolean;
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
  }
}

export async function retryForever<T>(op: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const initial = opts.initialMs ?? 200;
  const max = opts.maxMs ?? 30_000;
  for (let attempt = 1; ; attempt += 1) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      return await op();
    } catch (err) {
      if (opts.isRetriable && !opts.isRetriable(err)) throw err;
      const delay = Math.min(max, initial * 2 ** Math.min(attempt - 1, 16)) * (0.75 + Math.random() * 0.5);
      opts.onFailure?.(err, attempt, delay);
      await sleep(delay, opts.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Warner {
  warn(message: string): void;
}

/**
 * Binds `retryForever` to a health registry: while an operation keeps failing its component is
 * reported down with the reason, and up again once it succeeds. Services call
 * `retry('write case state', 'store', () => ...)`.
 */
export function healthAwareRetry(
  health: { up(name: string): void; down(name: string, detail: string): void },
  log: Warner,
  signal: AbortSignal,
): <T>(what: string, component: string, op: () => Promise<T>) => Promise<T> {
  return (what, component, op) =>
    retryForever(
      async () => {
        const r = await op();
        health.up(component);
        return r;
      },
      {
        signal,
        onFailure: (err, attempt, delay) => {
          const reason = err instanceof Error ? err.message : String(err);
          health.down(component, `${what}: ${reason}`);
          log.warn(`${what} failed (attempt ${attempt}), retrying in ${Math.round(delay)} ms: ${reason}`);
        },
      },
    );
}
