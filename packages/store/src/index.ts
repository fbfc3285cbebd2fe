export * from './store';
export * from './duplicates';
export * from './outbox';
export * from './checkpoint-log';
export * from './step-claims';
export * from './document-locks';
