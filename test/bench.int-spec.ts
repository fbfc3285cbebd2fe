import { resolve } from 'node:path';
import { runBench } from '../packages/simulator/src/bench/run';
import { infra } from './support/harness';

// The benchmark end to end on a small run: a detector process of its own (from the build that
// `npm test` makes first), real Kafka and store, every figure produced and sane.
describe('npm run bench on a small run', () => {
  it('measures throughput, the ceiling, latency, memory and quality', async () => {
    const lines: string[] = [];
    const r = await runBench({
      events: 15_000,
      seed: 3,
      anomalyRate: 0.05,
      latencySeconds: 4,
      brokers: infra.brokers,
      mongoUrl: infra.mongoUrl,
      partitions: 6,
      repoRoot: resolve(__dirname, '..'),
      log: (l) => lines.push(l),
    });
    expect(r.events).toBeGreaterThanOrEqual(15_000);
    expect(r.throughput.eventsPerSecond).toBeGreaterThan(0);
    expect(r.throughput.eventsPerSecond).toBe(Math.round(r.events / r.throughput.seconds));
    expect(r.ceiling.eventsPerSecond).toBeGreaterThan(r.throughput.eventsPerSecond);
    expect(r.ratio).toBeGreaterThan(0);
    expect(r.ratio).toBeLessThan(1);
    // Every planted irregularity found, nothing else.
    expect(r.quality.expected).toBeGreaterThan(20);
    expect([r.quality.recall, r.quality.precision, r.quality.missed, r.quality.unexpected]).toEqual([1, 1, [], []]);
    expect(r.memory.trackedCases).toBeGreaterThanOrEqual(r.cases);
    expect(r.memory.heapBytesPerCase).toBeGreaterThan(0);
    expect(r.latency.findings).toBeGreaterThan(5);
    expect(r.latency.p50Ms).toBeGreaterThanOrEqual(0);
    expect(r.latency.p50Ms).toBeLessThanOrEqual(r.latency.p99Ms);
    expect(r.latency.p99Ms).toBeLessThanOrEqual(r.latency.maxMs);
    expect(lines.some((l) => l.startsWith('throughput:'))).toBe(true);
  }, 300_000);
});
