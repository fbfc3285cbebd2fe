import { HealthRegistry } from './health';
import { PermanentFailure, Refused, healthAwareRetry } from './retry';
import { isInfrastructureFailure } from './failures';

const stackOverflow = () => new RangeError('Maximum call stack size exceeded');

describe('isInfrastructureFailure', () => {
  it.each([
    ['a kafkajs error', Object.assign(new Error('x'), { name: 'KafkaJSNumberOfRetriesExceeded' })],
    ['a store that cannot be reached', Object.assign(new Error('x'), { name: 'MongoNetworkError' })],
    ['a store error the server answered with', Object.assign(new Error('x'), { name: 'MongoServerError', code: 1 })],
    ['a socket refused', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['Redis loading its data', Object.assign(new Error('LOADING Redis is loading'), { name: 'ReplyError' })],
    ['a closed Redis connection', new Error('Connection is closed.')],
    ['a timeout', new Error('operation timed out')],
  ])('counts %s as the infrastructure', (_l, err) => {
    expect(isInfrastructureFailure(err)).toBe(true);
  });

  it.each([
    ['a stack overflow', stackOverflow()],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a failure the handler judged final', new PermanentFailure('store', new Error('boom'))],
    ['a refusal of the domain', new Refused('cannot open')],
    ['a value the store refuses', Object.assign(new Error('x'), { name: 'MongoBulkWriteError', code: 2 })],
    [
      'a record the broker refuses',
      Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' }),
    ],
    [
      'kafkajs wrapping a bug',
      Object.assign(new Error('x'), { name: 'KafkaJSNonRetriableError', cause: new TypeError('t') }),
    ],
    ['an error it does not know', new Error('Custom Id cannot contain :')],
    ['something thrown that is not an error', 'oops'],
  ])('counts %s as the message’s', (_l, err) => {
    expect(isInfrastructureFailure(err)).toBe(false);
  });
});

describe('a retry that retries only the infrastructure (BackgroundLoop.retryInfrastructure)', () => {
  const retry = () =>
    healthAwareRetry(
      new HealthRegistry(),
      { warn: () => undefined },
      new AbortController().signal,
      isInfrastructureFailure,
    );

  it('fails at once, as final, on an error no dependency explains (BullMQ refusing a job id), which `retry` would retry for ever', async () => {
    let calls = 0;
    const refused = retry()('queue findings', 'redis', () => {
      calls += 1;
      return Promise.reject(new Error('Custom Id cannot contain :'));
    });
    await expect(refused).rejects.toThrow(PermanentFailure);
    expect(calls).toBe(1);
  });

  it('retries the store being away until it is back', async () => {
    let calls = 0;
    const result = await retry()('store findings', 'store', () => {
      calls += 1;
      return calls < 2
        ? Promise.reject(Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' }))
        : Promise.resolve('stored');
    });
    expect([result, calls]).toEqual(['stored', 2]);
  });
});
