export * from './store';
export * from './duplicates';
