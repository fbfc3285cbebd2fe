export * from './bus';
export * from './co-partitioned-assigner';
export * from './poison';
