/**
 * The page model: one typed tree per observation, read from Playwright's
 * `ariaSnapshotJSON({ mode: 'ai', boxes: true })`, and everything the engine derives from it.
 *
 * - `tree.ts`: the types (`PageTree`, `PageNode`), reading the JSON, walking, refs, text content.
 * - `compact.ts`: the compact view the model reads (and `lineOf` for one node).
 * - `find.ts`: search by text and/or role.
 * - `text.ts`: normalised text matching (evidence).
 * - `locator.ts`: the best-practice locator of a node (spec export).
 * - `yaml.ts`: the same tree in `ariaSnapshot`'s text form, for code that still reads the YAML.
 */
export * from './compact.js';
export * from './find.js';
export * from './locator.js';
export * from './text.js';
export * from './tree.js';
export * from './yaml.js';
