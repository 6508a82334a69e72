/** The contract shared by the action and the server. */
export * from './report.js';
export * from './workflow.js';
export * from './comparison.js';
export * from './change-coverage.js';
export * from './json-schema.js';
