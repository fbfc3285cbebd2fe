export * from './answer';
export * from './case-record';
export * from './contributions';
export * from './counter-table';
export * from './figures';
export * from './period';
