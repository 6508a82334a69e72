/**
 * The report layer: pure functions from a `Report` (the contract) to what people read: the
 * verdict and summary, the PR comment, the HTML report, workflow annotations, `report.json`,
 * plus secret redaction. No file system, no browser, no GitHub: the action, the CLI and the
 * server all use it.
 */
export * from './annotations.js';
export * from './app-output.js';
export * from './format.js';
export * from './html.js';
export * from './json.js';
export * from './markdown.js';
export * from './redact.js';
export * from './verdict.js';
