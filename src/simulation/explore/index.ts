/**
 * Exploration mode: the deterministic walk used when no model key is given (and for forks).
 * One module per concern: snapshot parsing, change-based priority, sample values, safety rules,
 * and the walk itself.
 */
export { explore, type ExploreOptions, type ExploreResult, type ExploreStop } from './walk.js';
export {
  interactiveElements,
  parseSnapshot,
  type PageElement,
  type SnapshotNode,
} from './snapshot.js';
export { changeTokens, relevance } from './priority.js';
export { sampleValue } from './sample-values.js';
export { skipReason } from './rules.js';
