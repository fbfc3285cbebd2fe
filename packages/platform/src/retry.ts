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

/** MongoDB server error codes for a value the store refuses: the same write fails the same way. */
const REFUSED_BY_STORE = new Set([2, 9, 14, 121, 10334, 16755, 17280]);

/**
 * Whether waiting and trying again can fix `err`. A dependency that is away (a broker, the store,
 * Redis) comes back; a bug in the code (TypeError and the like), an error marked final
 * (BullMQ `UnrecoverableError`, an application error) or a value the store refuses fails the same
 * way every time, and retrying it without end would only hide it. kafkajs' own `retriable: false`
 * is not taken as final: it also marks a broker away for longer than kafkajs' own retries
 * (`KafkaJSNumberOfRetriesExceeded`), which the infrastructure does fix.
 */
export function isTransient(err: unknown): boolean {
  if (
    err instanceof TypeError ||
    err instanceof RangeError ||
    err instanceof ReferenceError ||
    err instanceof SyntaxError
  )
    return false;
  const e = err as { name?: unknown; code?: unknown } | null;
  if (e === null || typeof e !== 'object') return true;
  if (e.name === 'UnrecoverableError' || e.name === 'AppError' || e.name === 'Refused') return false;
  if (e.name === 'MongoServerError' && typeof e.code === 'number' && REFUSED_BY_STORE.has(e.code)) return false;
  return true;
}

/**
 * A piece of work the domain refuses (a referral that cannot open a proceeding): the same input
 * would be refused again, so it is not retried — the caller records it and moves on instead of
 * blocking the messages behind it.
 */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refused';
  }
}

/** An error that retrying cannot fix, with what was being done. */
export class PermanentFailure extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)} (not retried: retrying cannot fix it)`);
    this.name = 'PermanentFailure';
  }
}

/**
 * Binds `retryForever` to a health registry: while an operation keeps failing its component is
 * reported down with the reason, and up again once it succeeds. Services call
 * `retry('write case state', 'store', () => ...)`. Only transient failures are retried (the
 * infrastructure can fix them); any other is reported down and thrown as a `PermanentFailure`.
 */
export function healthAwareRetry(
  health: { up(name: string): void; down(name: string, detail: string): void },
  log: Warner,
  signal: AbortSignal,
  isRetriable: (err: unknown) => boolean = isTransient,
): <T>(what: string, component: string, op: () => Promise<T>) => Promise<T> {
  return async (what, component, op) => {
    try {
      return await retryForever(
        async () => {
          const r = await op();
          health.up(component);
          return r;
        },
        {
          signal,
          isRetriable,
          onFailure: (err, attempt, delay) => {
            const reason = err instanceof Error ? err.message : String(err);
            health.down(component, `${what}: ${reason}`);
            log.warn(`${what} failed (attempt ${attempt}), retrying in ${Math.round(delay)} ms: ${reason}`);
          },
        },
      );
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      const failure = new PermanentFailure(what, err);
      health.down(component, failure.message);
      throw failure;
    }
  };
}
