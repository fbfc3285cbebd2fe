import { isInfrastructureFailure } from '@thads/platform';

/*
 * Poison messages: what a consumer does when its handler fails. Kept apart from kafkajs so that it
 * can be tested without a broker; `BatchConsumer` wires it to the fetch loop.
 */

/** A message that fails the same way this many times goes to the dead-letter topic. */
export const SAME_FAILURES_TO_GIVE_UP = 2;
/** And one that fails this many times in any ways (an error whose text changes every time). */
export const FAILURES_TO_GIVE_UP = 5;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
}

/** One line about a failure, for logs and dead letters: `RangeError: Maximum call stack size exceeded`. */
export function describeFailure(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err).slice(0, 2_000);
  const { name, message } = err as ErrorLike;
  const text = `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : '(no message)'}`;
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

/** The part of a batch this module needs (bus.ts's `BatchContext`; kept structural to import nothing back). */
export interface Batch<R> {
  records: R[];
  /** False once shutdown or a rebalance has begun. */
  isActive(): boolean;
}

/** What a consumer does with a failing record besides calling its handler again. */
export interface FailureHandling<B extends Batch<R>, R> {
  /** The consumer's handler. */
  handle(batch: B): Promise<void>;
  /**
   * Sends the one record of `batch` to the dead-letter topic with `reason` and moves past it
   * (commits, or tells the handler); retries the infrastructure itself.
   */
  giveUp(batch: B, reason: string): Promise<void>;
  /** The record is done with (handled or given up): fetching may go on after it. */
  taken(record: R): void;
  /** A failure counted against a record, before it is tried again or given up. */
  failed?(record: R, failure: string, attempt: number): void;
}

/**
 * Delivers one batch to the handler so that no message can block its partition:
 *
 * - a failure of the infrastructure, or any failure once the batch has been given up (shutdown,
 *   rebalance), is thrown: the batch is fetched again and retried without end;
 * - after any other failure, the handler gets the records one at a time, in order, to find the
 *   one at fault — a handler must take any split of a partition's records into batches, as Kafka
 *   gives no guarantee on where batches end;
 * - a record that fails the same way twice (`SAME_FAILURES_TO_GIVE_UP`; a one-record batch's own
 *   failure counts), or five times in all, is given up: dead-lettered with the reason, and the
 *   partition moves on.
 */
export async function deliverBatch<B extends Batch<R>, R>(batch: B, handling: FailureHandling<B, R>): Promise<void> {
  let first: string;
  try {
    await handling.handle(batch);
    return;
  } catch (err) {
    if (!batch.isActive() || isInfrastructureFailure(err)) throw err;
    first = describeFailure(err);
  }
  const lone = batch.records.length === 1;
  for (const record of batch.records) {
    if (!batch.isActive()) return;
    if (lone) handling.failed?.(record, first, 1);
    await deliverRecord({ ...batch, records: [record] }, lone ? [first] : [], handling);
  }
}

async function deliverRecord<B extends Batch<R>, R>(
  one: B,
  failures: string[],
  handling: FailureHandling<B, R>,
): Promise<void> {
  const record = one.records[0]!;
  for (;;) {
    if (!one.isActive()) return;
    try {
      await handling.handle(one);
      handling.taken(record);
      return;
    } catch (err) {
      if (!one.isActive() || isInfrastructureFailure(err)) throw err;
      const failure = describeFailure(err);
      const again = failures.includes(failure);
      failures.push(failure);
      handling.failed?.(record, failure, failures.length);
      if (again || failures.length >= FAILURES_TO_GIVE_UP) {
        const how = again ? `the same way` : `in ${new Set(failures).size} different ways`;
        await handling.giveUp(one, `the handler failed ${failures.length} times ${how}: ${failure}`);
        handling.taken(record);
        return;
      }
    }
  }
}

/** Kafka's default `message.max.bytes` is 1,048,588: a dead letter stays under it with room for the record's framing. */
export const DEAD_LETTER_MAX_BYTES = 1_000_000;
/** A key longer than this is cut in a dead letter (a key is an id: far shorter in real traffic). */
export const DEAD_LETTER_MAX_KEY_CHARS = 4_096;

/**
 * `value` with its `raw` cut, when needed, so that the dead letter and its key fit a Kafka
 * message: otherwise the dead letter of a message near the broker's limit (escaping can double
 * its size) would be refused in turn and block the partition it was meant to free. `reason` then
 * says how much was kept. Everything else is kept as it is.
 */
export function fitDeadLetter<T extends { reason: string; raw: string }>(
  value: T,
  keyBytes: number,
  maxBytes = DEAD_LETTER_MAX_BYTES,
): T {
  const bytes = (v: T) => Buffer.byteLength(JSON.stringify(v), 'utf8') + keyBytes;
  let size = bytes(value);
  if (size <= maxBytes) return value;
  const total = value.raw.length;
  let keep = total;
  let out = value;
  while (size > maxBytes && keep > 0) {
    keep = Math.floor((keep * maxBytes) / size / 1.01);
    out = {
      ...value,
      raw: value.raw.slice(0, keep),
      reason: `${value.reason} (raw cut to its first ${keep} of ${total} characters: the whole would not fit a Kafka message)`,
    };
    size = bytes(out);
  }
  return out;
}

/** A key as a dead letter carries it: cut past `DEAD_LETTER_MAX_KEY_CHARS`. */
export function deadLetterKey(key: string | null): string | null {
  return key !== null && key.length > DEAD_LETTER_MAX_KEY_CHARS ? key.slice(0, DEAD_LETTER_MAX_KEY_CHARS) : key;
}
