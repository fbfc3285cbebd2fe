import type { AuditHeadMessage } from '@thads/contracts';
import type { BatchConsumerOptions, InRecord, KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { PublishedChainHeads } from './chain-heads';

const CHAIN = 'inspection/audit_trail';
const hashOf = (seq: number) => seq.toString(16).padStart(64, '0');
const head = (seq: number, chain = CHAIN): AuditHeadMessage => ({
  chain,
  seq,
  hash: hashOf(seq),
  at: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
});

/**
 * `integrity.audit-heads.v1` as one partition in memory: what is published is appended, and
 * `deliver()` hands what the reader has not read yet to it as one batch.
 */
function topicOf(...initial: AuditHeadMessage[]) {
  const records: AuditHeadMessage[] = [...initial];
  let read = 0;
  let onBatch: BatchConsumerOptions['onBatch'] | undefined;
  const bus = {
    connect: () => Promise.resolve(),
    ensureTopics: () => Promise.resolve(),
    endOffsets: () => Promise.resolve(new Map([[0, records.length]])),
    startBatchConsumer: (opts: BatchConsumerOptions) => {
      onBatch = opts.onBatch;
      return Promise.resolve({ stop: () => Promise.resolve() });
    },
    publish: (_topic: string, messages: { key: string; value: AuditHeadMessage }[]) => {
      records.push(...messages.map((m) => m.value));
      return Promise.resolve();
    },
  };
  const deliver = async (): Promise<void> => {
    const batch: InRecord[] = records.slice(read).map((value, i) => ({
      topic: 'integrity.audit-heads.v1',
      partition: 0,
      offset: String(read + i),
      key: value.chain,
      value: Buffer.from(JSON.stringify(value)),
    }));
    read = records.length;
    if (batch.length === 0) return;
    await onBatch!({
      topic: 'integrity.audit-heads.v1',
      partition: 0,
      records: batch,
      heartbeat: () => Promise.resolve(),
      isActive: () => true,
      deadLetter: () => Promise.resolve(),
    });
  };
  /** Its chain's heads, in the order written (what compaction keeps: the last). */
  const seqs = (chain = CHAIN) => records.filter((r) => r.chain === chain).map((r) => r.seq);
  return { bus: bus as unknown as KafkaBus, deliver, seqs, records };
}

const quiet = { warn: () => undefined, error: () => undefined };
/** Lets the reader's timers (its publication is scheduled, not immediate) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function started(topic: ReturnType<typeof topicOf>): Promise<PublishedChainHeads> {
  const heads = new PublishedChainHeads(topic.bus, CHAIN, 'group', new HealthRegistry(), quiet);
  heads.onApplicationBootstrap();
  await settle();
  return heads;
}

describe('the published heads of an audit chain', () => {
  const readers: PublishedChainHeads[] = [];
  afterEach(async () => {
    for (const r of readers.splice(0)) await r.beforeApplicationShutdown();
  });

  it('publishes the highest head again when two instances published out of order, so compaction keeps it', async () => {
    // Instance B published entry 11, then instance A its older head 10: compaction would keep 10.
    const topic = topicOf(head(9), head(11), head(10), head(3, 'discipline/audit_trail'));
    const reader = await started(topic);
    readers.push(reader);
    await topic.deliver();
    await settle();
    expect(await reader.published()).toMatchObject({ seq: 11, hash: hashOf(11) });
    expect(topic.seqs()).toEqual([9, 11, 10, 11]);
    expect(topic.records.at(-1)).toEqual(head(11));
    // Read back, it ends the topic: nothing more is published, whatever else arrives.
    await topic.deliver();
    topic.records.push(head(4, 'discipline/audit_trail'));
    await topic.deliver();
    await settle();
    expect(topic.seqs()).toEqual([9, 11, 10, 11]);
  });

  it('publishes nothing again when the topic already ends on the highest head', async () => {
    const topic = topicOf(head(9), head(10), head(11));
    const reader = await started(topic);
    readers.push(reader);
    await topic.deliver();
    await settle();
    expect(reader.head()?.seq).toBe(11);
    expect(topic.seqs()).toEqual([9, 10, 11]);
  });

  it('publishes the highest once per batch, not again while its publication is still unread', async () => {
    const topic = topicOf(head(11), head(10));
    const reader = await started(topic);
    readers.push(reader);
    await topic.deliver();
    await settle();
    expect(topic.seqs()).toEqual([11, 10, 11]);
    // Before the reader reads its publication back, another instance writes its old head again
    // and other chains' heads come by, twice: no second publication while the first is unread.
    topic.records.splice(2, 0, head(10));
    const own = topic.records.pop()!;
    topic.records.push(head(5, 'discipline/audit_trail'));
    await topic.deliver();
    topic.records.push(head(6, 'discipline/audit_trail'));
    await topic.deliver();
    await settle();
    expect(topic.seqs()).toEqual([11, 10, 10]);
    // Its publication arrives (late), then A's 10 once more after it: it publishes 11 again, once.
    topic.records.push(own, head(10));
    await topic.deliver();
    await settle();
    expect(topic.seqs()).toEqual([11, 10, 10, 11, 10, 11]);
  });

  it('leaves the ending to its own newer head when one is about to be published', async () => {
    const topic = topicOf(head(11), head(10));
    const reader = await started(topic);
    readers.push(reader);
    const { seq, hash, at } = head(12);
    reader.grew({
      seq,
      hash,
      at,
      prev: hashOf(11),
      actor: 'user:a',
      action: 'finding.transition',
      subject: 'finding:F1',
    });
    await topic.deliver();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(topic.seqs()).toEqual([11, 10, 12]);
  });
});
