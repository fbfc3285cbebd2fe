export * from './env';
export * from './retry';
export * from './failures';
export * from './health';
export * from './progress';
export * from './background';
export * from './metrics';
