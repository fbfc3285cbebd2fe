import { AbortedError, PermanentFailure, Refused, healthAwareRetry, isTransient } from './retry';
import { HealthRegistry } from './health';

describe('what is retried', () => {
  it('tells a dependency away from a failure that retrying cannot fix', () => {
    expect(
      isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' })),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error('The group is rebalancing'), { retriable: true }))).toBe(true);
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isTransient(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    // kafkajs gives up after its own retries with retriable: false; the broker may still come back.
    expect(
      isTransient(
        Object.assign(new Error('Connection error'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false }),
      ),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error('no finding'), { name: 'UnrecoverableError' }))).toBe(false);
    // What the domain refuses would be refused again: not retried, so it cannot block a partition.
    expect(isTransient(new Refused('cannot open DP-F1: time-barred'))).toBe(false);
    expect(isTransient(new Error('a plain error, cause unknown'))).toBe(true);
    expect(
      isTransient(Object.assign(new Error('object to insert too large'), { name: 'MongoServerError', code: 10334 })),
    ).toBe(false);
    expect(isTransient(Object.assign(new Error('not primary'), { name: 'MongoServerError', code: 10107 }))).toBe(true);
  });

  it('retries a transient failure until it works, and throws a permanent one at once with the component down', async () => {
    const health = new HealthRegistry();
    const warnings: string[] = [];
    const retry = healthAwareRetry(health, { warn: (m) => warnings.push(m) }, new AbortController().signal);
    let calls = 0;
    const result = await retry('write state', 'store', () => {
      calls += 1;
      if (calls < 3) return Promise.reject(Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' }));
      return Promise.resolve('done');
    });
    expect([result, calls, warnings.length, health.snapshot().components['store']?.up]).toEqual(['done', 3, 2, true]);

    let tries = 0;
    const failing = retry('store findings', 'store', () => {
      tries += 1;
      return Promise.reject(new TypeError('bad'));
    });
    await expect(failing).rejects.toBeInstanceOf(PermanentFailure);
    expect(tries).toBe(1);
    expect(health.snapshot().components['store']).toMatchObject({
      up: false,
      detail: expect.stringContaining('store findings: bad (not retried') as string,
    });
  });

  it('stops on shutdown', async () => {
    const stop = new AbortController();
    const retry = healthAwareRetry(new HealthRegistry(), { warn: () => undefined }, stop.signal);
    const pending = retry('connect', 'kafka', () => {
      stop.abort();
      return Promise.reject(new Error('ECONNREFUSED'));
    });
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});
