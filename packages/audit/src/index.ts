export * from './chain';
export * from './audit-trail';
