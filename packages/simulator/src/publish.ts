import type { AnyEvent } from '@thads/contracts';
import { partitionFor, type KafkaBus, type RawTopicBatch } from '@thads/messaging';

export type InputTopic = 'CaseEvents' | 'FinanceEvents' | 'RegistryEvents';

export interface OutRecord {
  topic: InputTopic;
  key: string;
  /** The partition (case and finance topics: as the default partitioner picks it from the key). */
  partition?: number;
  /** Business time of the event (epoch ms), for latency measurement. */
  at: number;
  value: string;
}

/**
 * Routes events to the input topics as EVENTS.md asks of a producer: case and complaint events
 * to the case topic keyed by case (a complaint without a case: by the officer, its resolution
 * too), money to the finance topic, registry events keyed by entity, and each `clock.tick` to
 * every partition of both the case and the finance topic.
 */
export class Router {
  /** Officer named by each complaint that has no case, so its resolution is keyed the same. */
  private readonly caselessKey = new Map<string, string>();

  constructor(private readonly partitions: number) {}

  route(event: AnyEvent, out: OutRecord[] = []): OutRecord[] {
    const at = Date.parse(event.occurredAt);
    if (event.type === 'clock.tick') {
      for (let p = 0; p < this.partitions; p += 1) {
        const value = JSON.stringify({ ...event, eventId: `${event.eventId}-p${p}` });
        out.push({ topic: 'CaseEvents', key: `tick-${p}`, partition: p, value, at });
        out.push({ topic: 'FinanceEvents', key: `tick-${p}`, partition: p, value, at });
      }
      return out;
    }
    const value = JSON.stringify(event);
    if (event.type.startsWith('registry.')) {
      const d = event.data as Record<string, unknown>;
      const id = d['officerId'] ?? d['partyId'] ?? d['auctionOrgId'] ?? d['appraiserId'] ?? d['unitId'];
      out.push({ topic: 'RegistryEvents', key: String(id), value, at });
      return out;
    }
    const topic = event.type.startsWith('finance.') ? 'FinanceEvents' : 'CaseEvents';
    const key = topic === 'FinanceEvents' ? (event as { caseId: string }).caseId : this.caseKey(event);
    out.push({ topic, key, partition: partitionFor(key, this.partitions), value, at });
    return out;
  }

  private caseKey(event: AnyEvent): string {
    const caseId = (event as { caseId?: string }).caseId;
    if (caseId) return caseId;
    if (event.type === 'complaint.received') {
      const key = event.data.againstOfficerId ?? event.unitId;
      this.caselessKey.set(event.data.complaintId, key);
      return key;
    }
    if (event.type === 'complaint.resolved') return this.caselessKey.get(event.data.complaintId) ?? event.unitId;
    return event.eventId;
  }
}

/**
 * Publishes routed records in order, `batch` at a time (one request over all topics; order
 * within a partition is kept), reporting progress after each request.
 */
export async function publishRecords(
  bus: KafkaBus,
  records: OutRecord[],
  opts: { batch?: number; onProgress?: (done: number) => void } = {},
): Promise<void> {
  const size = opts.batch ?? 5000;
  for (let i = 0; i < records.length; i += size) {
    const byTopic = new Map<InputTopic, RawTopicBatch['messages']>();
    for (const r of records.slice(i, i + size)) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push(
        r.partition === undefined
          ? { key: r.key, value: r.value }
          : { key: r.key, value: r.value, partition: r.partition },
      );
    }
    await bus.publishBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    opts.onProgress?.(Math.min(records.length, i + size));
  }
}
