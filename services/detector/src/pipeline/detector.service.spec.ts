import { Logger } from '@nestjs/common';
import { aCase, tick } from '@thads/contracts/testing';
import type { BatchContext, InRecord, KafkaBus } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { CaseEngine } from '@thads/rules';
import { loadDetectorConfig } from '../config';
import type { DetectorStore } from '../store/detector.store';
import { DetectorService } from './detector.service';

/** The parts of the service this test reaches: the input handler and the engine start() would build. */
interface Internals {
  engine?: CaseEngine;
  input?: { presumedMember(): boolean };
  onInputBatch(batch: BatchContext): Promise<void>;
}

describe('the detector consumer, when the rules throw on an accepted event', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'warn', 'error']);
  });

  it('sends the event to the dead-letter topic with the reason, and the batch succeeds (no retry)', async () => {
    const deadLetters: { record: InRecord; reason: string }[] = [];
    const bus = {
      topics: { CaseEvents: 'integrity.case.v1', FinanceEvents: 'integrity.finance.v1' },
      deadLetter: (items: { record: InRecord; reason: string }[]) => {
        deadLetters.push(...items);
        return Promise.resolve();
      },
      publish: () => Promise.resolve(),
    } as unknown as KafkaBus;
    const store = {
      loadPartition: () => Promise.resolve({ clocks: { case: -Infinity, finance: -Infinity }, stored: [] }),
      insertNewFindings: (fs: { findingId: string }[]) => Promise.resolve(fs.map((f) => f.findingId)),
    } as unknown as DetectorStore;
    const service = new DetectorService(
      { ...loadDetectorConfig({}), flushIntervalMs: 3_600_000 },
      bus,
      store,
      new HealthRegistry(),
      new ServiceMetrics('detector-test'),
    );
    (service as unknown as Internals).engine = new CaseEngine();
    // Not a member (as after a stall): the state is not written, which this test does not need.
    (service as unknown as Internals).input = { presumedMember: () => false };

    // Received on the last day of 1999: valid for the contract, before every version of the rule book.
    const old = aCase('C-1999').on('1999-12-31').received().events[0]!;
    const record = (topic: string, offset: string, key: string | null, value: unknown): InRecord => ({
      topic,
      partition: 2,
      offset,
      key,
      value: Buffer.from(JSON.stringify(value)),
    });
    const batch = (topic: string, records: InRecord[]): BatchContext => ({
      topic,
      partition: 2,
      records,
      heartbeat: () => Promise.resolve(),
      isActive: () => true,
      deadLetter: () => Promise.reject(new Error('not this path')),
    });
    const handler = service as unknown as Internals;
    await handler.onInputBatch(
      batch('integrity.case.v1', [
        record('integrity.case.v1', '7', 'C-1999', old),
        record('integrity.case.v1', '8', null, tick('2025-01-02T00:00:00+07:00')),
      ]),
    );
    expect(deadLetters).toEqual([]); // buffered until the finance topic's clock passes it
    // The event is applied, and fails, while the finance batch is handled: it resolves all the same.
    await expect(
      handler.onInputBatch(
        batch('integrity.finance.v1', [record('integrity.finance.v1', '3', null, tick('2025-01-02T00:00:00+07:00'))]),
      ),
    ).resolves.toBeUndefined();
    expect(deadLetters).toHaveLength(1);
    const [letter] = deadLetters;
    expect(letter!.reason).toBe(
      'the rules failed on this event: Error: rule "late-decision" has no version in force on 1999-12-31T02:00:00.000Z',
    );
    expect(letter!.record).toMatchObject({ topic: 'integrity.case.v1', partition: 2, offset: '7', key: 'C-1999' });
    expect(JSON.parse(letter!.record.value!.toString('utf8'))).toEqual(old);
    await service.onApplicationShutdown().catch(() => undefined);
  });
});
