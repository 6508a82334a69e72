/**
 * Exploration mode: the deterministic walk used when no model key is given (and for forks).
 * One module per concern: the controls of a page (read from the page model), change-based
 * priority, sample values, safety rules, and the walk itself.
 */
export { explore, type ExploreOptions, type ExploreResult, type ExploreStop } from './walk.js';
export { interactiveElements, type PageElement } from './elements.js';
export { changeTokens, relevance } from './priority.js';
export { sampleValue } from './sample-values.js';
export { skipReason } from './rules.js';
