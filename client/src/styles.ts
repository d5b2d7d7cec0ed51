/**
 * The shared lit styles, by concern in styles/: declarations to put in a rule (parts), the base
 * every component adopts, lists and tables (content), forms, the states and messages a rep
 * reads (feedback), and a page's boxes (surfaces).
 */
export * from './styles/parts.js';
export * from './styles/base.js';
export * from './styles/content.js';
export * from './styles/feedback.js';
export * from './styles/forms.js';
export * from './styles/surfaces.js';
