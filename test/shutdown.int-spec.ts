import type { Socket } from 'node:net';
import { busFor, dropNamespace, inspectionConfig, namespace, waitFor } from './support/harness';
import { InspectionUnderTest } from './support/inspection-client';

/** Sockets this process holds open to the given port. */
function socketsTo(port: number): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => (h as Socket).remotePort === port && !(h as Socket).destroyed).length;
}

/**
 * Stopping the service — even right after it started, while its consumers are still joining —
 * closes every connection it opened: nothing keeps retrying against Kafka or Redis afterwards.
 */
describe('service shutdown leaves no connection behind', () => {
  const ns = namespace();
  afterAll(() => dropNamespace(ns));

  it('a bus connected by several components at once has one producer and one admin, both closed on disconnect', async () => {
    const before = socketsTo(9092);
    const bus = busFor(ns);
    await Promise.all([bus.connect(), bus.connect(), bus.ensureTopics(), bus.ensureTopics(), bus.connect()]);
    await bus.disconnect();
    await waitFor('connections to close', () => socketsTo(9092) <= before, 15_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(socketsTo(9092) - before).toBe(0);
  });

  it('the inspection service leaves no Kafka or Redis connection behind, however early it is stopped', async () => {
    const kafkaBefore = socketsTo(9092);
    const redisBefore = socketsTo(6379);
    for (const delayMs of [0, 300, 1500, 4000]) {
      const svc = await InspectionUnderTest.start(inspectionConfig(ns));
      await new Promise((r) => setTimeout(r, delayMs));
      await svc.close();
    }
    await waitFor(
      'connections to close',
      () => socketsTo(9092) <= kafkaBefore && socketsTo(6379) <= redisBefore,
      15_000,
    );
    // Still closed a while later: no client reconnects after the service stopped.
    await new Promise((r) => setTimeout(r, 3000));
    expect([socketsTo(9092) - kafkaBefore, socketsTo(6379) - redisBefore]).toEqual([0, 0]);
  });
});
