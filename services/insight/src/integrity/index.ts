export * from './cells';
export * from './complaints';
export * from './figures';
export * from './findings';
export * from './money';
export * from './partitions';
export * from './workflow';
