import type { INestApplication } from '@nestjs/common';
import { aCase, tick } from '@thads/contracts/testing';
import type { KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { NestFactory } from '@nestjs/core';
import { DetectorModule } from '../services/detector/src/app.module';
import {
  busFor,
  detectorConfig,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publish,
  waitFor,
  type Namespace,
} from './support/harness';
import { TcpProxy } from './support/tcp-proxy';

describe('the detector when the store goes away', () => {
  let ns: Namespace;
  let proxy: TcpProxy;
  let app: INestApplication;
  let bus: KafkaBus;
  let store: Awaited<ReturnType<typeof openDb>>;

  beforeAll(async () => {
    ns = namespace();
    const target = new URL(infra.mongoUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 27017));
    const port = await proxy.start();
    app = await NestFactory.create(
      DetectorModule.forRoot({ ...detectorConfig(ns), mongoUrl: `mongodb://127.0.0.1:${port}/` }),
      { logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'] },
    );
    await app.init();
    const health = app.get(HealthRegistry);
    await waitFor(
      'the detector to start',
      () =>
        health.snapshot().status === 'up' &&
        (health.snapshot().components['input-consumer']?.detail ?? '').startsWith('partitions'),
    );
    bus = busFor(ns);
    store = await openDb(ns);
  });

  afterAll(async () => {
    await proxy.restore();
    await app?.close();
    await proxy.cut();
    await bus?.disconnect();
    await store?.close();
    await dropNamespace(ns);
  });

  it('reports itself unhealthy naming the store, retries, and raises the finding once the store is back', async () => {
    const health = app.get(HealthRegistry);
    await proxy.cut();
    const c = aCase('OUT-1')
      .on('2025-06-02')
      .received({ creditorIds: ['P1'] })
      .decisionIssued()
      .collected(7_000_000)
      .disbursed(7_000_000, 'P-x');
    await publish(bus, [...c.events, tick('2025-06-03T00:00:00+07:00', 'tick-out')]);

    const down = await waitFor('the store to be reported down', () => {
      const s = health.snapshot().components['store'];
      return s && !s.up && s;
    });
    expect(down.detail).toMatch(/store|write|connect|ECONN|closed|timed out/i);
    expect(await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])).toBeGreaterThan(0);

    await proxy.restore();
    const finding = await waitFor(
      'the finding after the outage',
      async () => store.db.collection('findings').findOne({ caseId: 'OUT-1' }),
      90_000,
    );
    expect(finding).toMatchObject({ ruleId: 'payee-not-party' });
    await waitFor('health to recover', () => health.snapshot().status === 'up');
    await waitFor(
      'the offsets to be committed',
      async () => (await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])) === 0,
    );
  });
});
