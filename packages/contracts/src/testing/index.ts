// Test fixtures, kept out of the main entry so production code cannot pull them in by accident:
// import them from '@thads/contracts/testing'.
export * from './case-builder';
export * from './arbitraries';
