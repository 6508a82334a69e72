/**
 * Writes a finished report to its folder: report.json, report.md, report.html (one file, its
 * pictures inline), and redacts the secrets from every text file written there, the trace included.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Report } from '../contract/index.js';
import { renderHtml, renderJson, renderMarkdown } from '../report/index.js';
import { inlinePictures, writePreviews, writeVisualPreviews } from './report-pictures.js';

/** Names of the files inside the report folder (the artifact's root). */
export const REPORT_FILES = {
  json: 'report.json',
  markdown: 'report.md',
  html: 'report.html',
  trace: 'trace.zip',
  appLog: 'app.log',
  spec: 'coworker.spec.ts',
} as const;

/**
 * Writes json, markdown and html for `report` into `outDir`; returns the paths written. The
 * page carries its pictures inline as JPEGs within its size bound; the deciding pictures, and
 * the before/after of the first pages that changed visually, are also written as small JPEGs
 * under `previews/`, listed in `report.json` for chat clients.
 */
export async function writeReport(
  report: Report,
  outDir: string,
  redact: (text: string) => string,
): Promise<string[]> {
  const pictures = await inlinePictures(report, outDir);
  const previewPaths: string[] = [];
  const writePicture = async (path: string, data: Buffer) => {
    await mkdir(join(outDir, dirname(path)), { recursive: true });
    await writeFile(join(outDir, path), data);
    previewPaths.push(join(outDir, path));
  };
  const previews = await writePreviews(report, outDir, writePicture);
  const visualPreviews = await writeVisualPreviews(report, outDir, writePicture);
  const withPreviews: Report = {
    ...report,
    files: {
      ...report.files,
      ...(previews.length ? { previews } : {}),
      ...(visualPreviews.length ? { visualPreviews } : {}),
    },
  };
  const outputs: [string, string][] = [
    [REPORT_FILES.json, renderJson(withPreviews)],
    [REPORT_FILES.markdown, renderMarkdown(withPreviews)],
    [
      REPORT_FILES.html,
      renderHtml(withPreviews, {
        images: pictures.images,
        omitted: pictures.omitted,
        pictureWidth: pictures.maxWidth,
        pictureSizes: pictures.sizes,
      }),
    ],
  ];
  const written: string[] = [...previewPaths];
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
