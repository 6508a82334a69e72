/**
 * Which provider runs the agent's model, chosen by `--provider` / `model-provider`: the
 * Anthropic API (an API key), Amazon Bedrock or Google Vertex AI (the job's own cloud
 * credentials, never passed through us).
 */
import type { Model } from './model.js';

export interface ModelProviderConfig {
  provider: 'anthropic' | 'bedrock' | 'vertex';
  /** Bedrock / Vertex region. */
  region?: string;
  /** Vertex project id. */
  project?: string;
}

export interface ModelChoice {
  provider?: ModelProviderConfig;
  apiKey: string;
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Builds the model for the chosen provider; each adapter is loaded only when chosen. */
export async function createModel(choice: ModelChoice): Promise<Model> {
  const common = {
    ...(choice.baseUrl ? { baseUrl: choice.baseUrl } : {}),
    ...(choice.timeoutMs ? { timeoutMs: choice.timeoutMs } : {}),
    ...(choice.maxRetries !== undefined ? { maxRetries: choice.maxRetries } : {}),
  };
  const provider = choice.provider ?? { provider: 'anthropic' };
  if (provider.provider === 'bedrock') {
    if (!choice.model)
      throw new Error('Bedrock needs a model: a Bedrock model id or inference profile.');
    const { createBedrockModel } = await import('./models/bedrock.js');
    return createBedrockModel({
      model: choice.model,
      ...(provider.region ? { region: provider.region } : {}),
      ...common,
    });
  }
  if (provider.provider === 'vertex') {
    const { createVertexModel } = await import('./models/vertex.js');
    return createVertexModel({
      ...(choice.model ? { model: choice.model } : {}),
      ...(provider.region ? { region: provider.region } : {}),
      ...(provider.project ? { projectId: provider.project } : {}),
      ...common,
    });
  }
  const { createAnthropicModel } = await import('./models/anthropic.js');
  return createAnthropicModel({
    apiKey: choice.apiKey,
    ...(choice.model ? { model: choice.model } : {}),
    ...common,
  });
}
