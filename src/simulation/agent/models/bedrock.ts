/**
 * Amazon Bedrock through Anthropic's own client (`@anthropic-ai/bedrock-sdk`). Credentials come
 * from the AWS default chain (environment, profile, the runner's OIDC role), never from us; the
 * client signs each request with SigV4.
 */
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { Model } from '../model.js';
import { messagesModel, type MessagesClient } from './messages.js';

/**
 * The body's `anthropic_version` Bedrock's InvokeModel documents for Claude. Pinned: left to
 * itself the client copies the base SDK's own API version header into the body instead.
 */
export const BEDROCK_VERSION = 'bedrock-2023-05-31';

export interface BedrockModelOptions {
  /** AWS region of the Bedrock endpoint, e.g. `us-east-1` (default: `AWS_REGION`). */
  region?: string;
  /** A Bedrock model id or inference profile, e.g. `us.anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  model: string;
  /** Another endpoint (a VPC endpoint, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Builds the Bedrock-backed model. */
export function createBedrockModel(options: BedrockModelOptions): Model {
  const client = new AnthropicBedrock({
    ...(options.region ? { awsRegion: options.region } : {}),
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 4,
  });
  return messagesModel(options.model, client as unknown as MessagesClient, {
    anthropic_version: BEDROCK_VERSION,
  });
}
