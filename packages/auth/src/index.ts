export * from './roles';
export * from './token';
export * from './guard';
