export * from './roles';
export * from './token';
export * from './guard';
export * from './docs-controller';
export * from './health-controller';
export * from './metrics-controller';
