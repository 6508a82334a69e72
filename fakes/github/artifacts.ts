/**
 * The Actions artifact service as `@actions/artifact` 6 speaks it: Twirp JSON
 * `CreateArtifact` → a signed upload URL on this same server, Azure block-blob uploads there
 * (`PUT ?comp=block`, then `PUT ?comp=blocklist`), then `FinalizeArtifact` → the artifact id.
 * The committed zip is kept in `state.artifacts`, readable with `state.artifactFiles()`. An
 * upload with `skipArchive` declares the file's own media type and sends the file itself: it is
 * kept as it came, named after the file, and served as is (see `workflows.ts`).
 */
import type { Context } from 'hono';
import { ghError } from './http.js';
import type { FakeApp } from './server.js';
import type { FakeArtifact, FakeGitHubState } from './state.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService';

interface TwirpArtifactRequest {
  workflowRunBackendId?: string;
  workflowJobRunBackendId?: string;
  name?: string;
  size?: string;
  hash?: string | { value?: string };
  /** `application/zip`, or the file's own type for a non-zipped (`skipArchive`) upload. */
  mimeType?: string;
}

/** The client sends proto field names (`workflow_run_backend_id`); accept JSON names too. */
async function readTwirp(c: Context): Promise<TwirpArtifactRequest> {
  const raw = (await c.req.json()) as Record<string, unknown>;
  const pick = (camel: string, snake: string) => (raw[camel] ?? raw[snake]) as string | undefined;
  return {
    workflowRunBackendId: pick('workflowRunBackendId', 'workflow_run_backend_id'),
    workflowJobRunBackendId: pick('workflowJobRunBackendId', 'workflow_job_run_backend_id'),
    name: pick('name', 'name'),
    size: pick('size', 'size'),
    hash: raw.hash as TwirpArtifactRequest['hash'],
    mimeType: stringValue(raw.mimeType ?? raw.mime_type),
  };
}

/** A `google.protobuf.StringValue` in JSON: the string itself (or `{ value }` from older clients). */
function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const inner = (value as { value?: unknown } | null)?.value;
  return typeof inner === 'string' ? inner : undefined;
}

/** Registers the Twirp artifact service and the blob store. */
export function registerArtifactService(app: FakeApp, state: FakeGitHubState): void {
  app.post(`${TWIRP}/CreateArtifact`, async (c) => {
    const auth = runtimeScope(c);
    if (auth instanceof Response) return auth;
    const req = await readTwirp(c);
    if (!req.name || !req.workflowRunBackendId || !req.workflowJobRunBackendId) {
      return twirpError(c, 400, 'invalid_argument', 'name and backend ids are required');
    }
    const clash = state.artifacts.find(
      (a) => a.finalized && a.name === req.name && a.backendRunId === req.workflowRunBackendId,
    );
    if (clash) {
      return twirpError(c, 409, 'already_exists', `an artifact named ${req.name} already exists`);
    }
    const run = state.runs.find((r) => r.backendRunId === req.workflowRunBackendId);
    const artifact: FakeArtifact = {
      id: state.nextId(),
      name: req.name,
      backendRunId: req.workflowRunBackendId,
      backendJobId: req.workflowJobRunBackendId,
      runId: run?.id ?? null,
      size: 0,
      digest: null,
      zip: null,
      // The toolkit declares the type of what it uploads; a zip when it archived the files.
      mimeType: req.mimeType ?? 'application/zip',
      finalized: false,
      createdAt: new Date().toISOString(),
      expired: false,
    };
    state.artifacts.push(artifact);
    const key = `upload-${artifact.id}`;
    state.blobs.set(key, { artifactId: artifact.id, blocks: new Map(), committed: null });
    const origin = new URL(c.req.url).origin;
    return c.json({
      ok: true,
      signedUploadUrl: `${origin}/blob/artifacts/${key}?sig=fake-signature`,
    });
  });

  app.post(`${TWIRP}/FinalizeArtifact`, async (c) => {
    const auth = runtimeScope(c);
    if (auth instanceof Response) return auth;
    const req = await readTwirp(c);
    const artifact = [...state.artifacts]
      .reverse()
      .find(
        (a) => !a.finalized && a.name === req.name && a.backendRunId === req.workflowRunBackendId,
      );
    if (!artifact) return twirpError(c, 404, 'not_found', `no upload named ${req.name}`);
    if (!artifact.zip) return twirpError(c, 400, 'failed_precondition', 'no content uploaded');
    artifact.size = Number(req.size ?? artifact.zip.length);
    const hash = typeof req.hash === 'string' ? req.hash : req.hash?.value;
    artifact.digest = hash ?? null;
    artifact.finalized = true;
    return c.json({ ok: true, artifactId: String(artifact.id) });
  });

  // Azure Blob block upload, as @azure/storage-blob's BlockBlobClient.uploadStream sends it.
  app.put('/blob/artifacts/:key', async (c) => {
    const blob = state.blobs.get(c.req.param('key'));
    if (!blob || c.req.query('sig') === undefined) {
      return c.body('<Error><Code>AuthenticationFailed</Code></Error>', 403);
    }
    const comp = c.req.query('comp');
    const declared = c.req.header('x-ms-blob-content-type');
    const artifact = state.artifacts.find((a) => a.id === blob.artifactId);
    if (declared && artifact && comp !== 'block' && declared !== artifact.mimeType) {
      // The blob's content type is what the download serves: it must be what was declared.
      return c.body('<Error><Code>InvalidHeaderValue</Code></Error>', 400);
    }
    const data = new Uint8Array(await c.req.arrayBuffer());
    const headers = {
      ETag: `"0x${Date.now().toString(16)}"`,
      'Last-Modified': new Date().toUTCString(),
      'x-ms-request-id': crypto.randomUUID(),
      'x-ms-version': '2025-01-05',
      'x-ms-request-server-encrypted': 'true',
    };
    if (comp === 'block') {
      const blockId = c.req.query('blockid');
      if (!blockId) return c.body('<Error><Code>InvalidQueryParameterValue</Code></Error>', 400);
      blob.blocks.set(blockId, data);
      return c.body(null, 201, headers);
    }
    if (comp === 'blocklist') {
      const xml = new TextDecoder().decode(data);
      const ids = [...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map(
        (m) => m[1] ?? '',
      );
      const parts: Uint8Array[] = [];
      for (const id of ids) {
        const part = blob.blocks.get(id);
        if (!part) return c.body('<Error><Code>InvalidBlockList</Code></Error>', 400);
        parts.push(part);
      }
      commit(state, blob.artifactId, concat(parts), blob);
      return c.body(null, 201, headers);
    }
    // A single-shot `Put Blob`.
    commit(state, blob.artifactId, data, blob);
    return c.body(null, 201, headers);
  });
}

function commit(
  state: FakeGitHubState,
  artifactId: number,
  data: Uint8Array,
  blob: { committed: Uint8Array | null },
): void {
  blob.committed = data;
  const artifact = state.artifacts.find((a) => a.id === artifactId);
  if (artifact) artifact.zip = data;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Checks the runtime token is a JWT whose `scp` claim carries `Actions.Results:<run>:<job>`
 * (decoded, not verified, like the real client does).
 */
function runtimeScope(c: Context): { run: string; job: string } | Response {
  const header = c.req.header('authorization') ?? '';
  const jwt = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  const payload = jwt?.split('.')[1];
  if (!payload) return ghError(c, 401, 'missing runtime token');
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      scp?: string;
    };
    const scope = (claims.scp ?? '').split(' ').find((s) => s.startsWith('Actions.Results:'));
    const [, run, job] = scope?.split(':') ?? [];
    if (!run || !job) return ghError(c, 401, 'runtime token has no Actions.Results scope');
    return { run, job };
  } catch {
    return ghError(c, 401, 'runtime token is not a JWT');
  }
}

function twirpError(c: Context, status: number, code: string, msg: string): Response {
  return c.json({ code, msg }, status as 400);
}

/** A runtime token (unsigned JWT) the artifact client accepts, for the given backend ids. */
export function runtimeTokenFor(runBackendId: string, jobBackendId: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({
    scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.sig`;
}
