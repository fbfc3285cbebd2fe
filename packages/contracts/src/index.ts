export * from './topics';
export * from './time';
export * from './events';
export * from './validate';
export * from './findings';
export * from './queues';
export * from './api-errors';
export * from './rule-ids';
