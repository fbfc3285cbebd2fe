export * from './store';
export * from './duplicates';
export * from './outbox';
