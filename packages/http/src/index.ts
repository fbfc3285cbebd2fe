export * from './errors';
export * from './body';
export * from './correlation';
export * from './security-headers';
export * from './exception.filter';
export * from './api';
export * from './openapi';
export * from './docs';
