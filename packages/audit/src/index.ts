export * from './chain';
export * from './audit-trail';
export * from './chain-heads';
