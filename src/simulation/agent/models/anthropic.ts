/** The Anthropic API client (`@anthropic-ai/sdk`), keyed by an API key. */
import Anthropic from '@anthropic-ai/sdk';
import type { Model } from '../model.js';
import { DEFAULT_MODEL, messagesModel } from './messages.js';

export interface AnthropicModelOptions {
  apiKey: string;
  /** A gateway or proxy; defaults to `ANTHROPIC_BASE_URL`, then the SDK's default. */
  baseUrl?: string;
  model?: string;
  /** Per-attempt timeout in ms (the wall-clock budget also aborts a call). */
  timeoutMs?: number;
  /** Retries of 429/5xx/529/timeouts, with the SDK's exponential backoff. */
  maxRetries?: number;
}

/** Builds the Anthropic-backed model. */
export function createAnthropicModel(options: AnthropicModelOptions): Model {
  const baseURL = options.baseUrl || process.env.ANTHROPIC_BASE_URL || undefined;
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(baseURL ? { baseURL } : {}),
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 4,
  });
  return messagesModel(options.model || DEFAULT_MODEL, client);
}
