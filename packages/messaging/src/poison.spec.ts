import type { Consumer, EachBatchPayload } from 'kafkajs';
import { AbortedError, PermanentFailure, Refused } from '@thads/platform';
import { BatchConsumer, type BatchConsumerOptions, type BatchContext, type InRecord, type OutMessage } from './bus';
import { DEAD_LETTER_MAX_BYTES, deliverBatch, fitDeadLetter, type FailureHandling } from './poison';

const record = (offset: number): InRecord => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: `k${offset}`,
  value: Buffer.from(`v${offset}`),
});

function batchOf(offsets: number[], active = () => true): BatchContext {
  return {
    topic: 't',
    partition: 0,
    records: offsets.map(record),
    heartbeat: () => Promise.resolve(),
    isActive: active,
    deadLetter: () => Promise.resolve(),
  };
}

/** A handler that throws `failure(offset, attempt)` for the offsets it names, and records what it saw. */
function handler(failure: (offset: number, attempt: number) => Error | undefined) {
  const seen: number[][] = [];
  const attempts = new Map<number, number>();
  const handled: number[] = [];
  const given: { offset: number; reason: string }[] = [];
  const taken: number[] = [];
  const handling: FailureHandling<BatchContext, InRecord> = {
    handle: (b) => {
      const offsets = b.records.map((r) => Number(r.offset));
      seen.push(offsets);
      for (const o of offsets) {
        const n = (attempts.get(o) ?? 0) + 1;
        attempts.set(o, n);
        const err = failure(o, n);
        if (err !== undefined) return Promise.reject(err);
      }
      handled.push(...offsets);
      return Promise.resolve();
    },
    giveUp: (b, reason) => {
      given.push({ offset: Number(b.records[0]!.offset), reason });
      return Promise.resolve();
    },
    taken: (r) => taken.push(Number(r.offset)),
  };
  return { handling, seen, handled, given, taken };
}

const stackOverflow = () => new RangeError('Maximum call stack size exceeded');

describe('a batch whose handler fails', () => {
  it('finds the poison message, dead-letters it after it failed twice the same way, and handles the rest', async () => {
    const h = handler((o) => (o === 12 ? stackOverflow() : undefined));
    await deliverBatch(batchOf([10, 11, 12, 13]), h.handling);
    // The whole batch, then one record at a time: 12 alone twice, then 13.
    expect(h.seen).toEqual([[10, 11, 12, 13], [10], [11], [12], [12], [13]]);
    expect(h.given).toEqual([
      { offset: 12, reason: 'the handler failed 2 times the same way: RangeError: Maximum call stack size exceeded' },
    ]);
    expect(h.taken).toEqual([10, 11, 12, 13]);
  });

  it('counts the failure of a one-record batch as the record’s first', async () => {
    const h = handler((o) => (o === 5 ? new PermanentFailure('store case events', stackOverflow()) : undefined));
    await deliverBatch(batchOf([5]), h.handling);
    expect(h.seen).toEqual([[5], [5]]);
    expect(h.given).toEqual([
      {
        offset: 5,
        reason:
          'the handler failed 2 times the same way: PermanentFailure: store case events: Maximum call stack size exceeded (not retried: retrying cannot fix it)',
      },
    ]);
  });

  it('takes a message that fails once and then succeeds, without dead-lettering it', async () => {
    const h = handler((o, n) => (o === 2 && n === 1 ? new TypeError('flaky') : undefined));
    await deliverBatch(batchOf([1, 2, 3]), h.handling);
    expect(h.given).toEqual([]);
    expect(h.handled).toEqual([1, 2, 3]);
  });

  it('gives up on a message whose error changes every time after five failures', async () => {
    const h = handler((o, n) => (o === 1 ? new Refused(`refused at attempt ${n}`) : undefined));
    await deliverBatch(batchOf([1]), h.handling);
    expect(h.seen).toHaveLength(5);
    expect(h.given[0]?.reason).toBe('the handler failed 5 times in 5 different ways: Refused: refused at attempt 5');
  });

  it.each([
    ['Kafka away', Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' })],
    [
      'the store away',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' }),
    ],
    ['Redis away', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['shutdown', new AbortedError()],
  ])(
    'throws a failure of the infrastructure (%s) for the batch to be fetched again, counting nothing',
    async (_l, err) => {
      const h = handler(() => err);
      await expect(deliverBatch(batchOf([1, 2]), h.handling)).rejects.toBe(err);
      expect(h.seen).toEqual([[1, 2]]);
      expect(h.given).toEqual([]);
    },
  );

  it('throws any failure once the batch was given up (a rebalance or shutdown began), dead-lettering nothing', async () => {
    let active = true;
    const h = handler((o) => {
      active = false;
      return o === 1 ? stackOverflow() : undefined;
    });
    await expect(
      deliverBatch(
        batchOf([1], () => active),
        h.handling,
      ),
    ).rejects.toThrow(RangeError);
    expect(h.given).toEqual([]);
  });
});

describe('fitDeadLetter', () => {
  const base = { reason: 'r', topic: 't', partition: 0, offset: '1' };

  it('keeps a dead letter that fits as it is', () => {
    const value = { ...base, raw: 'x'.repeat(900_000) };
    expect(fitDeadLetter(value, 10)).toBe(value);
  });

  it('cuts the raw value of one that would not fit a Kafka message, and says so in the reason', () => {
    // Quotes double in JSON: a 700,000-character value of them would make a 1.4 MB dead letter.
    const fitted = fitDeadLetter({ ...base, raw: '"'.repeat(700_000) }, 100);
    expect(Buffer.byteLength(JSON.stringify(fitted)) + 100).toBeLessThanOrEqual(DEAD_LETTER_MAX_BYTES);
    expect(fitted.raw.length).toBeGreaterThan(450_000);
    expect(fitted.reason).toBe(
      `r (raw cut to its first ${fitted.raw.length} of 700000 characters: the whole would not fit a Kafka message)`,
    );
  });
});

/* The wiring in BatchConsumer: kafkajs' eachBatch → deliverBatch → dead letter and commit. */

function capturingConsumer(commits: unknown[]) {
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { GROUP_JOIN: 'j', CRASH: 'c', HEARTBEAT: 'h', COMMIT_OFFSETS: 'o' },
    on: () => undefined,
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (config: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
    commitOffsets: (offsets: unknown) => {
      commits.push(offsets);
      return Promise.resolve();
    },
  };
  return { consumer: consumer as unknown as Consumer, eachBatch: () => eachBatch! };
}

function payload(offsets: number[], resolved: string[]): EachBatchPayload {
  const messages = offsets.map((o) => ({
    offset: String(o),
    key: Buffer.from(`k${o}`),
    value: Buffer.from(`{"n":${o}}`),
    headers: { trace: Buffer.from('abc') },
    timestamp: '0',
    attributes: 0,
  }));
  return {
    batch: { topic: 'it-x-integrity.findings.v1', partition: 3, messages, lastOffset: () => String(offsets.at(-1)) },
    resolveOffset: (o: string) => resolved.push(o),
    heartbeat: () => Promise.resolve(),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
}

describe('a consumer whose handler fails on one message', () => {
  async function run(opts: Partial<BatchConsumerOptions>) {
    const commits: unknown[] = [];
    const resolved: string[] = [];
    const published: OutMessage<'ConsumerDeadLetter'>[] = [];
    const fake = capturingConsumer(commits);
    const consumer = new BatchConsumer(
      () => fake.consumer,
      {
        groupId: 'it-x-inspection',
        topics: ['Findings'],
        onBatch: (b) =>
          b.records.some((r) => r.offset === '41') ? Promise.reject(stackOverflow()) : Promise.resolve(),
        ...opts,
      },
      ['it-x-integrity.findings.v1'],
      30_000,
      { publish: (m) => (published.push(...m), Promise.resolve()) },
    );
    await consumer.start();
    await fake.eachBatch()(payload([40, 41, 42], resolved));
    return { commits, resolved, published };
  }

  it('sends it to integrity.dlq.v1 with the reason, the group and the original record, commits past it, and goes on', async () => {
    const { commits, resolved, published } = await run({});
    expect(published).toEqual([
      {
        key: 'k41',
        value: {
          reason: 'the handler failed 2 times the same way: RangeError: Maximum call stack size exceeded',
          group: 'it-x-inspection',
          topic: 'it-x-integrity.findings.v1',
          partition: 3,
          offset: '41',
          key: 'k41',
          raw: '{"n":41}',
          headers: { trace: 'abc' },
        },
      },
    ]);
    expect(commits).toEqual([[{ topic: 'it-x-integrity.findings.v1', partition: 3, offset: '42' }]]);
    expect(resolved).toEqual(['40', '41', '42', '42']);
  });

  it('leaves the commit to a handler that commits on its own schedule', async () => {
    const after: string[] = [];
    const { commits, published } = await run({
      afterDeadLetter: (b) => (after.push(...b.records.map((r) => r.offset)), Promise.resolve()),
    });
    expect(published).toHaveLength(1);
    expect(after).toEqual(['41']);
    expect(commits).toEqual([]);
  });
});

describe('a consumer whose handler refuses a record and then fails on another', () => {
  it('dead-letters the refused record once, although the handler sees it again one record at a time', async () => {
    const published: OutMessage<'ConsumerDeadLetter'>[] = [];
    const fake = capturingConsumer([]);
    const consumer = new BatchConsumer(
      () => fake.consumer,
      {
        groupId: 'g',
        topics: ['Findings'],
        onBatch: async (b) => {
          const refused = b.records.filter((r) => r.offset === '40');
          if (refused.length)
            await b.deadLetter(refused.map((r) => ({ record: r, reason: 'missing required field "ruleId"' })));
          if (b.records.some((r) => r.offset === '41')) throw new TypeError('boom');
        },
      },
      ['it-x-integrity.findings.v1'],
      30_000,
      { publish: (m) => (published.push(...m), Promise.resolve()) },
    );
    await consumer.start();
    await fake.eachBatch()(payload([40, 41, 42], []));
    expect(published.map((m) => [m.value.offset, m.value.reason])).toEqual([
      ['40', 'missing required field "ruleId"'],
      ['41', 'the handler failed 2 times the same way: TypeError: boom'],
    ]);
  });
});
