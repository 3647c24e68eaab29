export * from './errors';
export * from './auth';
export * from './users';
export * from './settings';
export * from './status';
export * from './socket';
export * from './pbx';
export * from './panel';
