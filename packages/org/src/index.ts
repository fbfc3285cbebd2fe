export * from './unit-tree';
export * from './conflicts';
export * from './org-view';
export * from './org-repository';
export * from './registry-view-ingest';
