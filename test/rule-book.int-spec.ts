import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { aCase, tick } from '@thads/contracts/testing';
import { HealthRegistry } from '@thads/platform';
import { DEFAULT_RULE_VERSIONS, type RuleVersion } from '@thads/rules';
import { DetectorModule } from '../services/detector/src/app.module';
import { DetectorService } from '../services/detector/src/pipeline/detector.service';
import {
  busFor,
  detectorConfig,
  dropNamespace,
  namespace,
  openDb,
  publish,
  startDetector,
  waitFor,
} from './support/harness';

const asDocs = (versions: RuleVersion[]) =>
  versions.map((v) => ({ ...v, _id: `${v.ruleId}@${v.version}${v.unitId ? `@${v.unitId}` : ''}` }));

describe('the rule book in the store', () => {
  it('judges each event by the rule version in force when it happened', async () => {
    const ns = namespace();
    const store = await openDb(ns);
    const stricter: RuleVersion = {
      ...DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'auction-below-valuation')!,
      version: 2,
      effectiveFrom: '2025-07-01',
      params: { minShareOfValuation: 0.9 },
    };
    await store.db.collection('rule_versions').insertMany(asDocs([...DEFAULT_RULE_VERSIONS, stricter]) as never[]);
    const app = await startDetector(ns);
    const bus = busFor(ns);
    try {
      const june = aCase('V-june')
        .on('2025-06-02')
        .received()
        .decisionIssued()
        .valued('A', 1_000)
        .on('2025-06-10')
        .auctionSold('A', 800)
        .on('2025-06-10', '10:00:00')
        .closed();
      const july = aCase('V-july')
        .on('2025-06-02')
        .received()
        .decisionIssued()
        .valued('A', 1_000)
        .on('2025-07-10')
        .auctionSold('A', 800)
        .on('2025-07-10', '10:00:00')
        .closed();
      await publish(bus, [
        ...[...june.events, ...july.events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)),
        tick('2025-07-20T00:00:00+07:00', 'tick-v'),
      ]);
      await waitFor(
        'the detector to catch up',
        async () => (await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents'])) === 0,
      );
      const found = await waitFor('the July finding', async () => {
        const fs = await store.db
          .collection<{ caseId: string; ruleVersion: number }>('findings')
          .find({ ruleId: 'auction-below-valuation' })
          .toArray();
        return fs.length > 0 && fs;
      });
      expect(found.map((f) => [f.caseId, f.ruleVersion])).toEqual([['V-july', 2]]);
    } finally {
      await app.close();
      await bus.disconnect();
      await store.close();
      await dropNamespace(ns);
    }
  });

  it("adds the code's new rules to an existing rule book and leaves an administrator's changes alone", async () => {
    const ns = namespace();
    const store = await openDb(ns);
    const edited = DEFAULT_RULE_VERSIONS.map((v) =>
      v.ruleId === 'late-decision' && v.version === 1 ? { ...v, params: { workingDays: 7 } } : v,
    );
    await store.db
      .collection('rule_versions')
      .insertMany(asDocs(edited.filter((v) => v.ruleId !== 'single-bidder-sale')) as never[]);
    const app = await startDetector(ns);
    try {
      const docs = await store.db.collection<RuleVersion & { _id: string }>('rule_versions').find().toArray();
      expect(docs.map((d) => d._id)).toContain('single-bidder-sale@1');
      expect(docs.find((d) => d._id === 'late-decision@1')?.params).toEqual({ workingDays: 7 });
      expect(docs).toHaveLength(DEFAULT_RULE_VERSIONS.length);
    } finally {
      await app.close();
      await store.close();
      await dropNamespace(ns);
    }
  });

  it('refuses to start when the rule book names a rule that has no implementation', async () => {
    const ns = namespace();
    const store = await openDb(ns);
    // A rule id the code does not know, as an administrator could write it into the store.
    const unknown = { ...DEFAULT_RULE_VERSIONS[0]!, ruleId: 'teleported-asset' } as unknown as RuleVersion;
    await store.db.collection('rule_versions').insertMany(asDocs([...DEFAULT_RULE_VERSIONS, unknown]) as never[]);
    let app: INestApplication | undefined;
    try {
      app = await NestFactory.create(DetectorModule.forRoot(detectorConfig(ns)), { logger: false });
      const fatal = new Promise<Error>((resolve) => {
        app!.get(DetectorService).onFatal = resolve;
      });
      await app.init();
      const err = await fatal;
      expect(err.message).toMatch(/teleported-asset/);
      expect(app.get(HealthRegistry).snapshot().components['rules']).toMatchObject({
        up: false,
        detail: expect.stringContaining('teleported-asset'),
      });
    } finally {
      await app?.close();
      await store.close();
      await dropNamespace(ns);
    }
  });
});
