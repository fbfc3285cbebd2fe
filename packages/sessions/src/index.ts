export * from './session-epoch-view';
export * from './session-epoch-ingest';
export * from './session-verifier';
