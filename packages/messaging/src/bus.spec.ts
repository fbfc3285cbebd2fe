import { Partitioners } from 'kafkajs';
import { partitionFor } from './bus';

describe('partitionFor', () => {
  it('gives the partition that the kafkajs default partitioner picks for the same key', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
        partitionId: i,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of ['DT-KV01-2025-000001', 'O-7', 'tick-3', 'C-1', 'Đồng Tháp']) {
        expect(partitionFor(key, partitions)).toBe(
          partitioner({ topic: 't', partitionMetadata, message: { key, value: 'x' } }),
        );
      }
    }
  });
});
