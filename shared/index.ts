export * from './common.js';
export * from './contact.js';
export * from './customer.js';
export * from './events.js';
export * from './interaction.js';
export * from './opportunity.js';
export * from './stage.js';
export * from './user.js';
