export * from './random';
export * from './province';
export * from './simulation';
export * from './publish';
