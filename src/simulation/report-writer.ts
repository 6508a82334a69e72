/**
 * Writes a finished report to its folder: report.json, report.md, report.html (screenshots
 * embedded), and redacts the secrets from every text file written there, the trace included.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Report } from '../contract/index.js';
import { renderHtml, renderJson, renderMarkdown } from '../report/index.js';

/** Names of the files inside the report folder (the artifact's root). */
export const REPORT_FILES = {
  json: 'report.json',
  markdown: 'report.md',
  html: 'report.html',
  trace: 'trace.zip',
  appLog: 'app.log',
  spec: 'coworker.spec.ts',
} as const;

/** Writes json, markdown and html for `report` into `outDir`; returns the paths written. */
export async function writeReport(
  report: Report,
  outDir: string,
  redact: (text: string) => string,
): Promise<string[]> {
  const images: Record<string, string> = {};
  // Step screenshots, plus the comparison's before and difference images.
  const visual = (report.comparison?.visual ?? []).flatMap((v) => [v.before, v.diff]);
  for (const screenshot of [...report.steps.map((s) => s.screenshot), ...visual]) {
    if (!screenshot || images[screenshot]) continue;
    try {
      images[screenshot] = (await readFile(join(outDir, screenshot))).toString('base64');
    } catch {
      // A missing screenshot (browser died mid-step) must not cost the rest of the report.
    }
  }
  const outputs: [string, string][] = [
    [REPORT_FILES.json, renderJson(report)],
    [REPORT_FILES.markdown, renderMarkdown(report)],
    [REPORT_FILES.html, renderHtml(report, { images })],
  ];
  const written: string[] = [];
  for (const [name, text] of outputs) {
    const path = join(outDir, name);
    await writeFile(path, redact(text));
    written.push(path);
  }
  return written;
}

/** Rewrites a text file with secrets redacted (the app log). */
export async function redactFile(path: string, redact: (text: string) => string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const clean = redact(text);
  if (clean !== text) await writeFile(path, clean);
}

/**
 * Redacts secrets inside a Playwright trace: its entries are JSON lines, HTML snapshots and
 * network bodies, so a secret the page showed would otherwise ship in the artifact. Binary
 * entries (screenshots) are kept as they are.
 */
export async function redactZip(path: string, redact: (text: string) => string): Promise<void> {
  const entries = unzipSync(new Uint8Array(await readFile(path)));
  let changed = false;
  const out: Zippable = {};
  for (const [name, data] of Object.entries(entries)) {
    out[name] = data;
    if (/\.(png|jpe?g|webp|gif|woff2?|ttf|wasm)$/i.test(name)) continue;
    const text = strFromU8(data);
    const clean = redact(text);
    if (clean !== text) {
      out[name] = strToU8(clean);
      changed = true;
    }
  }
  if (changed) await writeFile(path, zipSync(out));
}
