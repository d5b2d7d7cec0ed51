export * from './common.js';
export * from './customer.js';
export * from './events.js';
