import type { FindingMessage } from '@thads/contracts';
import { announcementsOf, stillUnannounced } from './announcements';
import type { Unannounced, WorkedFinding } from './finding';
import { announceUnannounced, type UnannouncedFindings } from './finding-announcer';

type Sent = { id: string }[];

const at = new Date('2026-01-06T03:00:00Z');
const conclusion = {
  result: 'substantiated' as const,
  reasoning: 'receipt BL-1 never paid out',
  truePositive: true,
  by: 'insp0',
  at: '2026-01-05T03:00:00.000Z',
};

/** The finding as the detector published it. */
function findingMessage(id: string): FindingMessage {
  return {
    findingId: id,
    ruleId: 'payout-overdue',
    ruleVersion: 1,
    severity: 'high',
    status: 'open',
    unitId: 'DT-KV01',
    officerId: 'OFF-7',
    detectedAt: '2025-03-14T00:00:00+07:00',
    title: { vi: 'Chậm chi trả', en: 'Late payout' },
    explanation: { vi: '…', en: '…' },
    legalBasis: 'Luật THADS, Điều 47',
    evidence: { eventIds: [`C-${id}-5`], figures: {} },
  };
}

/** A finding as stored at `revision` in `status`, carrying `mark`. */
function finding(id: string, status: WorkedFinding['status'], revision: number, mark?: Unannounced): WorkedFinding {
  const m = findingMessage(id);
  return {
    findingId: id,
    ruleId: m.ruleId,
    severity: m.severity,
    unitId: m.unitId,
    officerId: 'OFF-7',
    detectedAt: m.detectedAt,
    status,
    revision,
    statusChangedAt: at,
    conclusion,
    ...(status === 'referred'
      ? { referral: { target: 'discipline_committee', note: 'art. 47', by: 'sup', at: at.toISOString() } }
      : {}),
    ...(status === 'dismissed'
      ? { dismissal: { reason: 'data_error', note: 'typo', by: 'sup', at: at.toISOString() } }
      : {}),
    ...(mark ? { unannounced: mark } : {}),
    message: m,
  };
}

/** The marked findings as the store holds them. */
function storeWith(...fs: WorkedFinding[]) {
  const byId = new Map(fs.map((f) => [f.findingId, f]));
  const repo: UnannouncedFindings = {
    unannounced: () => Promise.resolve([...byId.values()].filter((f) => f.unannounced)),
    announced: (id, revision) => {
      const f = byId.get(id);
      if (f?.revision === revision) delete f.unannounced;
      return Promise.resolve();
    },
  };
  return { repo, byId };
}

/** An outbox whose writes fail while `failing` is set. */
function outbox() {
  const box = {
    failing: false,
    sent: [] as Sent[],
    onSend: (): void => undefined,
    send(messages: Sent): Promise<void> {
      if (box.failing) return Promise.reject(new Error('the store is away'));
      box.sent.push(messages);
      box.onSend();
      return Promise.resolve();
    },
  };
  return box;
}

describe('the announcements of a finding revision, rebuilt from the finding as stored', () => {
  it('are the finding at its revision and, for a referral, the outcome with who referred and who worked it', () => {
    const mark = { revision: 4, change: { by: 'sup', at, workedBy: ['OFF-1', 'OFF-2'] } };
    const [onFindings, onInspections] = announcementsOf(finding('F1', 'referred', 4), mark);
    expect(onFindings).toMatchObject({
      id: 'finding:F1:r4',
      topic: 'Findings',
      key: 'F1',
      value: { status: 'referred', revision: 4 },
    });
    expect(onInspections).toMatchObject({
      id: 'inspection.referred:F1:r4',
      topic: 'Inspections',
      key: 'OFF-7',
      value: {
        occurredAt: at.toISOString(),
        data: { by: 'sup', target: 'discipline_committee', workedBy: ['OFF-1', 'OFF-2'] },
      },
    });
  });

  it('leave out the outcome for a revision that changed no status (a dismissed finding released from its suppression)', () => {
    expect(announcementsOf(finding('F1', 'dismissed', 3), { revision: 3 }).map((a) => a.id)).toEqual(['finding:F1:r3']);
  });

  it('of the revision a finding was read at are repeated by the next change only while that revision is still marked', () => {
    const mark = { revision: 3, change: { by: 'insp0', at } };
    expect(stillUnannounced(finding('F1', 'concluded', 3, mark)).map((a) => a.id)).toEqual([
      'finding:F1:r3',
      'inspection.concluded:F1:r3',
    ]);
    expect(stillUnannounced(finding('F1', 'concluded', 3))).toEqual([]);
  });
});

describe('the sweep of finding revisions left unannounced', () => {
  it('announces on a later sweep a referral whose outbox write failed, and only then clears its mark', async () => {
    const { repo, byId } = storeWith(
      finding('F1', 'referred', 4, { revision: 4, change: { by: 'sup', at } }),
      finding('F2', 'triaged', 2),
    );
    const box = outbox();
    box.failing = true;
    await expect(announceUnannounced(repo, box)).rejects.toThrow('the store is away');
    expect(byId.get('F1')?.unannounced).toBeDefined();

    box.failing = false;
    expect(await announceUnannounced(repo, box)).toBe(1);
    expect(box.sent.map((s) => s.map((m) => m.id))).toEqual([['finding:F1:r4', 'inspection.referred:F1:r4']]);
    expect(byId.get('F1')?.unannounced).toBeUndefined();
    expect(await announceUnannounced(repo, box)).toBe(0);
    expect(box.sent).toHaveLength(1);
  });

  it('keeps the mark of a revision raised while the older one was being announced', async () => {
    const { repo, byId } = storeWith(finding('F1', 'concluded', 3, { revision: 3, change: { by: 'insp0', at } }));
    const box = outbox();
    box.onSend = () => {
      box.onSend = () => undefined;
      byId.set('F1', finding('F1', 'referred', 4, { revision: 4, change: { by: 'sup', at } }));
    };
    expect(await announceUnannounced(repo, box)).toBe(1);
    expect(byId.get('F1')?.unannounced).toEqual({ revision: 4, change: { by: 'sup', at } });
    await announceUnannounced(repo, box);
    expect(box.sent.map((s) => s.map((m) => m.id))).toEqual([
      ['finding:F1:r3', 'inspection.concluded:F1:r3'],
      ['finding:F1:r4', 'inspection.referred:F1:r4'],
    ]);
    expect(byId.get('F1')?.unannounced).toBeUndefined();
  });

  it('names a finding whose announcement cannot be built, leaves it marked, and still announces the others', async () => {
    const damaged = finding('F1', 'referred', 4, { revision: 4, change: { by: 'sup', at } });
    // A record damaged by hand: its stored message has lost its evidence.
    (damaged.message as { evidence?: unknown }).evidence = undefined;
    const { repo, byId } = storeWith(damaged, finding('F2', 'closed', 5, { revision: 5, change: { by: 'sup', at } }));
    const box = outbox();
    const warnings: string[] = [];
    expect(await announceUnannounced(repo, box, (m) => warnings.push(m))).toBe(1);
    expect(box.sent.map((s) => s.map((m) => m.id))).toEqual([['finding:F2:r5', 'inspection.closed:F2:r5']]);
    expect(byId.get('F1')?.unannounced).toBeDefined();
    expect(byId.get('F2')?.unannounced).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^finding F1: its announcement cannot be built, left marked: /)]);
  });

  it('leaves a mark younger than its grace to the writer announcing it, and announces it once the grace is past', async () => {
    const markedAt = new Date('2026-01-06T03:00:00Z');
    const { repo, byId } = storeWith(
      finding('F1', 'referred', 4, { revision: 4, change: { by: 'sup', at }, markedAt }),
      // Stored before marks had a time: announced as before.
      finding('F2', 'closed', 5, { revision: 5, change: { by: 'sup', at } }),
    );
    const box = outbox();
    const t = markedAt.getTime();
    expect(await announceUnannounced(repo, box, undefined, 5_000, t + 4_999)).toBe(1);
    expect(box.sent.map((s) => s.map((m) => m.id))).toEqual([['finding:F2:r5', 'inspection.closed:F2:r5']]);
    expect(byId.get('F1')?.unannounced).toBeDefined();
    expect(await announceUnannounced(repo, box, undefined, 5_000, t + 5_000)).toBe(1);
    expect(box.sent.map((s) => s.map((m) => m.id))[1]).toEqual(['finding:F1:r4', 'inspection.referred:F1:r4']);
    expect(byId.get('F1')?.unannounced).toBeUndefined();
  });
});
