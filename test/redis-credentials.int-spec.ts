import { createConnection } from 'node:net';
import IORedis from 'ioredis';
import { infra } from './support/harness';

/** What Redis answers a PING from a client that gave no password (one RESP line). */
function anonymousPing(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port }, () => socket.write('PING\r\n'));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString().trim());
    });
    socket.once('error', reject);
  });
}

/**
 * The local stack's Redis holds the job queues (assignments, SLA escalations, discipline
 * deadlines): anyone on the machine who could reach it could read or rewrite them. It asks for
 * the password the stack made (.local/redis-password), which the services and these tests get in
 * REDIS_URL.
 */
describe('Redis of the local stack', () => {
  it('refuses a client that gives no password, and serves one that gives the stack’s', async () => {
    const url = new URL(infra.redisUrl);
    expect(url.password).not.toBe('');
    expect(await anonymousPing(url.hostname, Number(url.port || 6379))).toMatch(/^-NOAUTH/);
    const service = new IORedis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      expect(await service.ping()).toBe('PONG');
    } finally {
      service.disconnect();
    }
  });
});
