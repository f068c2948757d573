export * from './contract/index';
export * from './domain';
export * from './errors';
export * from './ids';
export * from './validate';
