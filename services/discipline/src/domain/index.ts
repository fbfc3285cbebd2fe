/**
 * The discipline domain: pure rules over plain data, no I/O (STYLE.md: technology at the edges).
 * The service's repositories, consumers and API call these; nothing here reads the clock, the
 * store or the environment.
 */
export * from './regime';
export * from './limits';
export * from './council';
export * from './due-process';
export * from './ballot';
export * from './proceeding';
