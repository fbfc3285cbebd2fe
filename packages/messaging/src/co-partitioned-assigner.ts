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
    const counts = await Promise.all(
      topics.map(async (t) => (await cluster.findTopicPartitionMetadata(t)).map((m) => m.partitionId)),
    );
    const plan = new Map<string, Record<string, number[]>>(ids.map((id) => [id, {}]));
    topics.forEach((topic, i) => {
      for (const partition of counts[i] ?? []) {
        const owner = ids[partition % ids.length]!;
        ((plan.get(owner)![topic] ??= [])).push(partition);
      }
    });
    return ids.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: plan.get(memberId)!, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'CoPartitioned', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
  },
});
