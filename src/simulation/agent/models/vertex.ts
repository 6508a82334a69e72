/**
 * Google Vertex AI through Anthropic's own client (`@anthropic-ai/vertex-sdk`). Credentials come
 * from Google's application default credentials (the runner's workload identity), or a short-lived
 * access token handed in.
 */
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type { Model } from '../model.js';
import { DEFAULT_MODEL, messagesModel, type MessagesClient } from './messages.js';

/**
 * The body's `anthropic_version` for Claude on Vertex AI: Anthropic's guide
 * (https://docs.anthropic.com/en/api/claude-on-vertex-ai) says it "must be set to the value
 * vertex-2023-10-16", in the body rather than a header, with the model in the URL. Pinned: left
 * to itself the client (vertex-sdk's request rewrite) copies the base SDK's `anthropic-version`
 * header value (`2023-06-01`) into the body instead.
 */
export const VERTEX_VERSION = 'vertex-2023-10-16';

export interface VertexModelOptions {
  /** Vertex region, e.g. `us-east5` or `global` (default: `CLOUD_ML_REGION`). */
  region?: string;
  /** Google Cloud project id (default: `ANTHROPIC_VERTEX_PROJECT_ID`). */
  projectId?: string;
  model?: string;
  /** An OAuth access token, instead of application default credentials. */
  accessToken?: string;
  /** Another endpoint (a private service connect address, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Builds the Vertex-backed model. */
export function createVertexModel(options: VertexModelOptions): Model {
  const client = new AnthropicVertex({
    ...(options.region ? { region: options.region } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
    ...(options.accessToken ? { authClient: fixedToken(options.accessToken) } : {}),
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 4,
  });
  return messagesModel(options.model || DEFAULT_MODEL, client as unknown as MessagesClient, {
    anthropic_version: VERTEX_VERSION,
  });
}

type AuthClient = NonNullable<
  NonNullable<ConstructorParameters<typeof AnthropicVertex>[0]>['authClient']
>;

/**
 * An auth client that always sends one token. The client asks its auth client for headers before
 * each request (it ignores a plain `accessToken` option); a token minted by the workflow's own
 * Google auth step needs no refresh within a run.
 */
function fixedToken(token: string): AuthClient {
  const client = {
    projectId: undefined,
    getRequestHeaders: async () => new Headers({ authorization: `Bearer ${token}` }),
  };
  return client as unknown as AuthClient;
}
