/**
 * The only file that imports @actions/artifact: uploads the report folder as one artifact, with
 * `report.json` at its root so the server reads it without guessing.
 */
import { existsSync, statSync } from 'node:fs';
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
  // Loaded on first upload: the client (Azure's blob SDK inside) is a large part of the bundle.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const result = await client.uploadArtifact(name, inside, root, { retentionDays: 30 });
  if (result.id === undefined) throw new Error('the artifact service returned no artifact id');
  return { id: result.id, name, size: result.size ?? 0 };
};
