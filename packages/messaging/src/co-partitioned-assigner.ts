import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Gives partition p of every subscribed topic to the same member. The case and finance topics
 * are co-partitioned (same key, same partitioner, same partition count): one case's events sit
 * in partition p of both, and the detector must see both halves to order them in event time.
 * Kafka's stock assigners spread topics independently and would split a case across instances.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CoPartitioned',
  version: 1,
  async assign({ members, topics }) {
    const ids = members.map((m) => m.memberId).sort();
    // Topics created moments ago may be missing from the cached metadata; an assignment without
    // them would leave a topic unread for the whole generation.
    await cluster.addMultipleTargetTopics(topics);
    await cluster.refreshMetadata();
    const counts = topics.map((t) => cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId));
    const empty = topics.filter((_, i) => (counts[i] ?? []).length === 0);
    if (empty.length > 0) throw new Error(`no partition metadata for ${empty.join(', ')}`);
    const sizes = new Set(counts.map((c) => c.length));
    if (sizes.size > 1)
      throw new Error(
        `co-partitioned topics differ in partition count: ${topics.map((t, i) => `${t}=${counts[i]!.length}`).join(', ')}`,
      );
    const plan = new Map<string, Record<string, number[]>>(ids.map((id) => [id, {}]));
    topics.forEach((topic, i) => {
      for (const partition of counts[i] ?? []) {
        const owner = ids[partition % ids.length]!;
        (plan.get(owner)![topic] ??= []).push(partition);
      }
    });
    return ids.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 1,
        assignment: plan.get(memberId)!,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: 'CoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
