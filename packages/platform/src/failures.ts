import { AbortedError, isTransient } from './retry';

/*
 * What a consumer may retry without end. A failure of the infrastructure (Kafka, the store or
 * Redis away, a timeout) is fixed by waiting; anything else that a message makes a handler throw
 * is the message's doing, and retrying it without end blocks the partition behind it (issue 10).
 */

/**
 * Kafka protocol errors that waiting does not fix: the same record is refused again (kafkajs
 * marks some of them retriable, and would retry them for as long as it is told to).
 */
const FINAL_KAFKA_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_REQUIRED_ACKS',
]);

/** The store's driver errors that mean the store is away or slow, not that it refused the write. */
const STORE_AWAY = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoUnexpectedServerResponseError',
  // Errors the server answered with: the ones that refuse the value are final (isTransient).
  'MongoServerError',
  'MongoBulkWriteError',
  'MongoWriteConcernError',
]);

/** Socket errors of Node: a dependency that cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** Redis answers that mean it cannot serve now (loading its data, busy, read-only replica). */
const REDIS_AWAY = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN|OOM)\b/;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  cause?: unknown;
}

/** `err` and the errors it wraps (kafkajs and `PermanentFailure` keep the original as `cause`). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth += 1) {
    out.push(e);
    e = (e as ErrorLike).cause;
  }
  return out;
}

/** An error that says the work itself cannot succeed, whatever the infrastructure does. */
function isFinal(e: ErrorLike): boolean {
  if (e.name === 'PermanentFailure' || e.name === 'Refused') return true;
  if (typeof e.type === 'string' && FINAL_KAFKA_ERRORS.has(e.type)) return true;
  // A write the store refuses, whatever the driver class it comes in (isTransient knows the codes).
  if (typeof e.name === 'string' && e.name.startsWith('Mongo') && typeof e.code === 'number')
    return !isTransient({ name: 'MongoServerError', code: e.code });
  return !isTransient(e);
}

/** An error that says a dependency is away or slow: Kafka, the store, Redis, the network. */
function isAway(e: ErrorLike): boolean {
  if (e instanceof AbortedError) return true;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name.startsWith('KafkaJS')) return true;
  if (STORE_AWAY.has(name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.') return true;
  if (name === 'ReplyError' && REDIS_AWAY.test(message)) return true;
  return name === 'TimeoutError' || /\btimed? ?out\b/i.test(message);
}

/**
 * Whether `err` is a failure of the infrastructure (Kafka, the store or Redis unreachable or
 * busy, a timeout): retried without end, a message is never skipped for it. Anything else — a
 * bug the message triggers, a value the store or the broker refuses, an error no dependency
 * explains, a failure already judged final (`PermanentFailure`, `Refused`) — is the message's.
 *
 * An allow-list on purpose, unlike `isTransient`, which retries whatever it does not know: that
 * suits start-up steps (a view still loading), but in a consumer it retried a message's own
 * failure without end, and the partition behind it waited for good (issue 10).
 */
export function isInfrastructureFailure(err: unknown): boolean {
  const errors = chain(err);
  if (errors.length === 0) return false;
  if (errors.some(isFinal)) return false;
  return errors.some(isAway);
}
