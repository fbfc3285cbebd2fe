export * from './calendar-view';
export * from './calendar-ingest';
