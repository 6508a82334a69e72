/**
 * The only file that imports @actions/artifact: uploads the report folder as one artifact, with
 * `report.json` at its root so the server reads it without guessing, and the report page as a
 * single non-zipped file the browser opens from the run page.
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPORT_FILE } from '../contract/index.js';

/** An uploaded artifact. */
export interface UploadedArtifact {
  id: number;
  name: string;
  size: number;
}

/** Uploads a report folder. */
export type ArtifactUploader = (
  name: string,
  rootDir: string,
  files: string[],
) => Promise<UploadedArtifact>;

/** Why an upload cannot happen here (null when it can): a local run has no artifact service. */
export function artifactServiceMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((k) => !env[k]);
  return missing.length > 0
    ? `no artifact service in this environment (${missing.join(' and ')} not set)`
    : null;
}

/** The toolkit's client, loaded on first upload: it (Azure's blob SDK inside) is a large part of the bundle. */
async function artifactClient() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/**
 * Uploads `files` (absolute paths inside `rootDir`) as artifact `name`. Paths keep their place
 * relative to `rootDir`, so `rootDir/report.json` is `report.json` in the zip.
 */
export const uploadArtifactFiles: ArtifactUploader = async (name, rootDir, files) => {
  const root = path.resolve(rootDir);
  const inside = [...new Set(files.map((f) => path.resolve(f)))].filter(
    (f) => f.startsWith(root + path.sep) && existsSync(f) && statSync(f).isFile(),
  );
  if (!inside.some((f) => path.relative(root, f) === REPORT_FILE)) {
    throw new Error(`${REPORT_FILE} is missing from ${root}`);
  }
  const client = await artifactClient();
  const result = await client.uploadArtifact(name, inside, root, { retentionDays: 30 });
  if (result.id === undefined) throw new Error('the artifact service returned no artifact id');
  return { id: result.id, name, size: result.size ?? 0 };
};

/**
 * Uploads one file as a non-zipped artifact named `name` (the name must end with the file's
 * extension); `content`, when given, is uploaded instead of the file's own (a page whose links
 * were rewritten for where it is served).
 */
export type FileUploader = (
  name: string,
  file: string,
  content?: string,
) => Promise<UploadedArtifact>;

/**
 * Uploads `file` unzipped (`skipArchive`): GitHub then serves the file itself, so a page opens
 * in the browser with one click. The toolkit names such an artifact after the file, so the file
 * is copied under `name` first (a fixed `report.html` would clash between jobs of one run).
 */
export const uploadSingleFile: FileUploader = async (name, file, content) => {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file} does not exist`);
  if (path.basename(name) !== name) throw new Error(`artifact name ${name} is not a file name`);
  const dir = await mkdtemp(path.join(process.env.RUNNER_TEMP || tmpdir(), 'myfav-page-'));
  try {
    const copy = path.join(dir, name);
    if (content === undefined) await copyFile(file, copy);
    else await writeFile(copy, content);
    const client = await artifactClient();
    const result = await client.uploadArtifact(name, [copy], dir, {
      retentionDays: 30,
      skipArchive: true,
    });
    if (result.id === undefined) throw new Error('the artifact service returned no artifact id');
    return { id: result.id, name, size: result.size ?? 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
