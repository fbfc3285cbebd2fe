import type { InspectionEventOf } from '@thads/contracts';
import type { BatchConsumer, BatchContext, InRecord, KafkaBus } from '@thads/messaging';
import { HealthRegistry, PermanentFailure, Refused, ServiceMetrics } from '@thads/platform';
import type { Store } from '@thads/store';
import { loadDisciplineConfig } from '../config';
import type { HistoryRepository } from '../history/history.repository';
import type { IntakeService } from '../proceedings/intake.service';
import { InspectionsIntake } from './inspections-intake.service';

const referral = (findingId: string): InspectionEventOf<'inspection.referred'> => ({
  eventId: `inspection.referred:${findingId}:r4`,
  type: 'inspection.referred',
  schemaVersion: 1,
  occurredAt: '2025-04-02T03:00:00.000Z',
  inspectionId: findingId,
  unitId: 'DT-KV01',
  officerId: 'DT-KV01-O01',
  finding: {
    findingId,
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity: 'high',
    caseId: 'C1',
    detectedAt: '2025-03-14T00:00:00+07:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
  },
  data: {
    target: 'discipline_committee',
    note: 'art. 47',
    by: 'sup',
    conclusion: {
      result: 'substantiated',
      reasoning: 'never paid',
      truePositive: true,
      by: 'insp0',
      at: '2025-04-01T03:00:00.000Z',
    },
  },
});

const recordOf = (offset: number, event: object): InRecord => ({
  topic: 'integrity.inspections.v1',
  partition: 0,
  offset: String(offset),
  key: 'DT-KV01-O01',
  value: Buffer.from(JSON.stringify(event)),
});

/** The consumer's batch handler over fakes: what it dead-letters, commits and refers. */
function intakeWith(refer: (e: InspectionEventOf<'inspection.referred'>) => Promise<unknown>) {
  const letters: { offset: string; reason: string }[] = [];
  const committed: string[] = [];
  const intake = new InspectionsIntake(
    loadDisciplineConfig({}),
    {} as KafkaBus,
    {} as Store,
    { record: () => Promise.resolve() } as unknown as HistoryRepository,
    { refer } as unknown as IntakeService,
    new ServiceMetrics('discipline'),
    new HealthRegistry(),
  );
  intake['consumer'] = {
    commitBatch: (b: BatchContext) => {
      committed.push(b.records.at(-1)!.offset);
      return Promise.resolve(true);
    },
  } as unknown as BatchConsumer;
  const handle = (records: InRecord[]) =>
    intake['onBatch']({
      topic: 'integrity.inspections.v1',
      partition: 0,
      records,
      heartbeat: () => Promise.resolve(),
      isActive: () => true,
      deadLetter: (items) => {
        letters.push(...items.map(({ record, reason }) => ({ offset: record.offset, reason })));
        return Promise.resolve();
      },
    });
  return { handle, letters, committed };
}

describe('the discipline service taking referrals from integrity.inspections.v1', () => {
  it('dead-letters a referral the domain refuses with the refusal as the reason, and takes the referral after it', async () => {
    const referred: string[] = [];
    const { handle, letters, committed } = intakeWith((e) => {
      if (e.finding.findingId === 'F1') throw new Refused('cannot open DP-F1: the referral is about another officer');
      referred.push(e.finding.findingId);
      return Promise.resolve('opened');
    });
    await handle([recordOf(7, referral('F1')), recordOf(8, referral('F2'))]);
    expect(letters).toEqual([
      { offset: '7', reason: 'referral refused: cannot open DP-F1: the referral is about another officer' },
    ]);
    expect(referred).toEqual(['F2']);
    expect(committed).toEqual(['8']);
  });

  it('throws any other failure of a referral, for the consumer to try it again and dead-letter it if it fails the same way', async () => {
    const { handle, letters, committed } = intakeWith(() => Promise.reject(new TypeError('x is undefined')));
    await expect(handle([recordOf(7, referral('F1'))])).rejects.toBeInstanceOf(PermanentFailure);
    expect(letters).toEqual([]);
    expect(committed).toEqual([]);
  });
});
