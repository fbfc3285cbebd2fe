import { Partitioners, type Consumer, type Producer } from 'kafkajs';
import { BatchConsumer, KafkaBus, isRebalanceError, partitionFor, type BatchConsumerOptions } from './bus';

describe('partitionFor', () => {
  it('gives the partition that the kafkajs default partitioner picks for the same key', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
        partitionId: i,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of ['DT-KV01-2025-000001', 'O-7', 'tick-3', 'C-1', 'Đồng Tháp']) {
        expect(partitionFor(key, partitions)).toBe(
          partitioner({ topic: 't', partitionMetadata, message: { key, value: 'x' } }),
        );
      }
    }
  });
});

// kafkajs' own protocol errors and retrier: what `consumer.commitOffsets` really rejects with.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): Error };
const createRetry = require('kafkajs/src/retry') as (opts: {
  retries: number;
}) => <T>(fn: () => Promise<T>) => Promise<T>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The error a commit refused by the broker with `code` ends in, after kafkajs' retrier has wrapped it. */
async function refusedCommit(code: number): Promise<unknown> {
  return createRetry({ retries: 3 })(() => Promise.reject(createErrorFromCode(code))).catch((err: unknown) => err);
}
const SESSION_MS = 10_000;
const UNKNOWN_MEMBER_ID = 25;
const REBALANCE_IN_PROGRESS = 27;
const NOT_ENOUGH_REPLICAS = 19;

/** A kafkajs consumer stand-in: records listeners, lets the test fire GROUP_JOIN and CRASH. */
function fakeConsumer(commit: () => Promise<void> = () => Promise.resolve()) {
  const events = {
    GROUP_JOIN: 'consumer.group_join',
    CRASH: 'consumer.crash',
    HEARTBEAT: 'consumer.heartbeat',
    COMMIT_OFFSETS: 'consumer.commit_offsets',
  } as const;
  const listeners = new Map<string, (e: { payload: unknown }) => void>();
  const consumer = {
    events,
    on: (name: string, listener: (e: { payload: unknown }) => void) => listeners.set(name, listener),
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    commitOffsets: commit,
  };
  return {
    consumer: consumer as unknown as Consumer,
    join: (memberId: string, memberAssignment: Record<string, number[]>) =>
      listeners.get(events.GROUP_JOIN)?.({ payload: { memberId, memberAssignment } }),
    crash: (error: Error, restart: boolean) => listeners.get(events.CRASH)?.({ payload: { error, restart } }),
    heartbeat: () => listeners.get(events.HEARTBEAT)?.({ payload: {} }),
  };
}

function options(statuses: string[], assignments: boolean[] = []): BatchConsumerOptions {
  return {
    groupId: 'g',
    topics: ['Calendar'],
    onBatch: () => Promise.resolve(),
    onAssignment: (_a, { lapsed }) => assignments.push(lapsed),
    onStatus: (up, detail) => statuses.push(`${up ? 'up' : 'down'}: ${detail}`),
  };
}

describe('a consumer whose group membership changed', () => {
  it('recognises a commit refused for a lost membership or a rebalance through kafkajs wrapping', async () => {
    const lapsed = await refusedCommit(UNKNOWN_MEMBER_ID);
    // Not the broker's error itself: kafkajs wraps it, which is why a check of `type` alone missed it.
    expect(lapsed).toMatchObject({ name: 'KafkaJSNonRetriableError', cause: { type: 'UNKNOWN_MEMBER_ID' } });
    expect(isRebalanceError(lapsed)).toBe(true);
    expect(isRebalanceError(await refusedCommit(REBALANCE_IN_PROGRESS))).toBe(true);
    expect(isRebalanceError(await refusedCommit(NOT_ENOUGH_REPLICAS))).toBe(false);
    expect(isRebalanceError(new Error('connect ECONNREFUSED 127.0.0.1:9092'))).toBe(false);
  });

  it('gives a refused commit up instead of throwing it, and reports the consumer down only when it left the group', async () => {
    const refusals = [UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS];
    const fake = fakeConsumer(async () => {
      const code = refusals.shift();
      if (code !== undefined) throw await refusedCommit(code);
      throw Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' });
    });
    const statuses: string[] = [];
    const consumer = new BatchConsumer(() => fake.consumer, options(statuses), ['t'], SESSION_MS);
    await consumer.start();
    fake.join('m-1', { t: [0, 1] });
    const offsets = [{ topic: 't', partition: 0, offset: '5' }];
    expect(await consumer.commit(offsets)).toBe(false);
    expect(await consumer.commit(offsets)).toBe(false);
    await expect(consumer.commit(offsets)).rejects.toThrow('Connection timeout');
    expect(statuses).toEqual(['up: partitions 0,1', 'down: group membership lapsed (UNKNOWN_MEMBER_ID): rejoining']);
    fake.join('m-2', { t: [0, 1] });
    expect(statuses.at(-1)).toBe('up: partitions 0,1');
  });

  it('tells a rejoin under a new member id (the membership had lapsed) from an ordinary rebalance', async () => {
    const fake = fakeConsumer();
    const lapsed: boolean[] = [];
    const consumer = new BatchConsumer(() => fake.consumer, options([], lapsed), ['t'], SESSION_MS);
    await consumer.start();
    fake.join('m-1', { t: [0, 1, 2] });
    fake.join('m-1', { t: [0] });
    fake.join('m-2', { t: [0, 1] });
    expect(lapsed).toEqual([false, false, true]);
  });

  it('presumes its membership lost once the coordinator has not heard from it for a session timeout', async () => {
    jest.useFakeTimers();
    try {
      const fake = fakeConsumer();
      const consumer = new BatchConsumer(() => fake.consumer, options([]), ['t'], SESSION_MS);
      await consumer.start();
      expect(consumer.presumedMember()).toBe(false); // not joined yet
      fake.join('m-1', { t: [0] });
      jest.advanceTimersByTime(SESSION_MS - 1);
      fake.heartbeat();
      jest.advanceTimersByTime(SESSION_MS - 1);
      expect(consumer.presumedMember()).toBe(true);
      // Stopped for longer than the session (SIGSTOP, a long GC pause): no heartbeat went out.
      jest.advanceTimersByTime(2);
      expect(consumer.presumedMember()).toBe(false);
      fake.join('m-2', { t: [0] });
      expect(consumer.presumedMember()).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  describe('when kafkajs stops it for good', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('starts it again after a failure the infrastructure can fix', async () => {
      const made: ReturnType<typeof fakeConsumer>[] = [];
      const statuses: string[] = [];
      const consumer = new BatchConsumer(
        () => {
          made.push(fakeConsumer());
          return made.at(-1)!.consumer;
        },
        options(statuses),
        ['t'],
        SESSION_MS,
      );
      await consumer.start();
      const coordinatorGone = Object.assign(new Error('Failed to find group coordinator'), {
        name: 'KafkaJSGroupCoordinatorNotFound',
        retriable: false,
      });
      made[0]!.crash(
        Object.assign(new Error(coordinatorGone.message), { name: 'KafkaJSNonRetriableError', cause: coordinatorGone }),
        false,
      );
      expect(statuses.at(-1)).toBe(
        'down: stopped by KafkaJSNonRetriableError: Failed to find group coordinator: starting it again in 1 s',
      );
      await jest.advanceTimersByTimeAsync(1_000);
      expect(made).toHaveLength(2);
      made[1]!.join('m-2', { t: [0] });
      expect(statuses.at(-1)).toBe('up: partitions 0');
    });

    it('leaves it stopped, and says so, after a failure retrying cannot fix', async () => {
      const made: ReturnType<typeof fakeConsumer>[] = [];
      const statuses: string[] = [];
      const consumer = new BatchConsumer(
        () => {
          made.push(fakeConsumer());
          return made.at(-1)!.consumer;
        },
        options(statuses),
        ['t'],
        SESSION_MS,
      );
      await consumer.start();
      const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
      made[0]!.crash(Object.assign(new Error(bug.message), { name: 'KafkaJSNonRetriableError', cause: bug }), false);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(made).toHaveLength(1);
      expect(statuses.at(-1)).toMatch(
        /^down: stopped by KafkaJSNonRetriableError: .* \(not restarted: retrying cannot fix it\)$/,
      );
    });
  });
});

describe('KafkaBus: a producer the broker no longer recognises', () => {
  const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
  const NOT_LEADER_OR_FOLLOWER = 6;

  /** Producers made by the bus: each answers sends with `answer(n)` (n: sends so far to it). */
  function busWith(answer: (producer: number, send: number) => Promise<unknown>) {
    const made: { connects: number; disconnects: number; sends: number }[] = [];
    const bus = new KafkaBus({ clientId: 'spec', brokers: ['127.0.0.1:1'] });
    (bus as unknown as { kafka: { producer: () => Producer } }).kafka.producer = () => {
      const index = made.length;
      const state = { connects: 0, disconnects: 0, sends: 0 };
      made.push(state);
      return {
        connect: () => Promise.resolve(void (state.connects += 1)),
        disconnect: () => Promise.resolve(void (state.disconnects += 1)),
        send: () => answer(index, state.sends++),
        sendBatch: () => answer(index, state.sends++),
      } as unknown as Producer;
    };
    return { bus, made };
  }
  /** What a send refused with `code` rejects with, once kafkajs' retrier has wrapped it. */
  const refusedSend = (code: number) =>
    createRetry({ retries: 2 })(() => Promise.reject(createErrorFromCode(code))).catch((err: unknown) =>
      Promise.reject(err as Error),
    );

  it('replaces the producer after OUT_OF_ORDER_SEQUENCE_NUMBER, so that the retried send goes out', async () => {
    // The first producer refuses every send for good, as kafkajs' did after a broker restart.
    const { bus, made } = busWith((producer) =>
      producer === 0 ? refusedSend(OUT_OF_ORDER_SEQUENCE_NUMBER) : Promise.resolve([]),
    );
    const message = [{ key: 'k', value: { x: 1 } }] as never;
    await expect(bus.publish('DeadLetter', message)).rejects.toThrow(/out of order sequence number/);
    await bus.publish('DeadLetter', message);
    expect(made).toHaveLength(2);
    expect(made[0]).toMatchObject({ connects: 1, disconnects: 1, sends: 1 });
    expect(made[1]).toMatchObject({ connects: 1, sends: 1 });
  });

  it('replaces it once when several sends in flight are refused together; batches too', async () => {
    const { bus, made } = busWith((producer) =>
      producer === 0 ? refusedSend(OUT_OF_ORDER_SEQUENCE_NUMBER) : Promise.resolve([]),
    );
    const sends = [1, 2, 3].map(() =>
      bus.publishBatch([{ topic: 'DeadLetter', messages: [{ key: 'k', value: 'v' }] }]),
    );
    for (const send of sends) await expect(send).rejects.toThrow();
    await bus.publishBatch([{ topic: 'DeadLetter', messages: [{ key: 'k', value: 'v' }] }]);
    expect(made).toHaveLength(2);
  });

  it('never hands a send a producer another send has just replaced (no TypeError, whatever the timing)', async () => {
    for (let ticks = 0; ticks < 8; ticks++) {
      const { bus, made } = busWith((producer) =>
        producer === 0 ? refusedSend(OUT_OF_ORDER_SEQUENCE_NUMBER) : Promise.resolve([]),
      );
      await bus.publish('DeadLetter', [] as never); // nothing to send: connects nothing
      const first = bus.publishRaw('DeadLetter', [{ key: 'a', value: 'a' }]).catch((err: unknown) => err);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      const second = bus.publishRaw('DeadLetter', [{ key: 'b', value: 'b' }]).catch((err: unknown) => err);
      const third = bus.publishRaw('DeadLetter', [{ key: 'c', value: 'c' }]).catch((err: unknown) => err);
      for (const outcome of await Promise.all([first, second, third])) {
        // Refused by the old producer, or sent on the new one: never a bug of the bus.
        if (outcome !== undefined) expect((outcome as Error).message).toMatch(/out of order sequence number/);
      }
      expect(made.length).toBeLessThanOrEqual(2);
    }
  });

  it('keeps the producer after a failure a retry fixes (the broker away, a leader moving)', async () => {
    const { bus, made } = busWith((_, send) =>
      send === 0 ? refusedSend(NOT_LEADER_OR_FOLLOWER) : Promise.resolve([]),
    );
    await expect(bus.publish('DeadLetter', [{ key: 'k', value: {} }] as never)).rejects.toThrow();
    await bus.publish('DeadLetter', [{ key: 'k', value: {} }] as never);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ disconnects: 0, sends: 2 });
  });
});
