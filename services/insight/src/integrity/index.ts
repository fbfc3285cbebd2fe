export * from './cells';
export * from './complaints';
export * from './durations';
export * from './figures';
export * from './findings';
export * from './money';
export * from './partitions';
export * from './workflow';
