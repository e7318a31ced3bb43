export * from './common.ts';
export * from './identity.ts';
export * from './tickets.ts';
