/**
 * The agent's model on Amazon Bedrock and Google Vertex AI, through Anthropic's own clients for
 * them, against the local fake at the HTTP boundary: each request must arrive on the service's
 * route, signed or authorised its way, in the body shape the service expects, and the answer
 * must come back as the same tool call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model, ModelRequest } from '../../../src/simulation/agent/model.js';
import { createAnthropicModel } from '../../../src/simulation/agent/models/anthropic.js';
import { createBedrockModel } from '../../../src/simulation/agent/models/bedrock.js';
import { createVertexModel } from '../../../src/simulation/agent/models/vertex.js';
import { TOOLS, toToolSpec } from '../../../src/simulation/agent/tools/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../../fakes/anthropic/server.js';

let fake: FakeAnthropic;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeAnthropic({
    name: 'providers',
    turns: [{ calls: [{ tool: 'navigate', input: { url: '/settings' } }] }],
    repeatLast: true,
  });
  // Fake credentials, read by the AWS default chain as they would be on a runner.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-key';
  process.env.AWS_REGION = 'us-west-2';
});
afterAll(async () => {
  process.env = saved;
  await fake.close();
});

const request: ModelRequest = {
  system: [{ type: 'text', text: 'You are a careful QA engineer.', cache: true }],
  tools: TOOLS.map(toToolSpec),
  messages: [{ role: 'user', content: [{ type: 'text', text: 'The app is open.' }] }],
  maxOutputTokens: 512,
};

async function callOnce(model: Model) {
  const before = fake.requests.length;
  const response = await model.complete(request);
  expect(fake.requests.length).toBe(before + 1);
  return { response, sent: fake.requests.at(-1)!, body: JSON.parse(fake.bodies.at(-1)!) };
}

describe('model providers against the fake', () => {
  it('Bedrock: SigV4-signed InvokeModel with the model in the path', async () => {
    const model = createBedrockModel({
      model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      baseUrl: fake.url,
      maxRetries: 0,
    });
    const { response, sent, body } = await callOnce(model);
    expect(sent.provider).toBe('bedrock');
    expect(sent.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke');
    expect(String(sent.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
    );
    expect(body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 512 });
    expect(body.model).toBeUndefined();
    expect(body.tools).toHaveLength(TOOLS.length);
    expect(response.content).toContainEqual(
      expect.objectContaining({ type: 'tool_use', name: 'navigate', input: { url: '/settings' } }),
    );
    expect(fake.violations).toEqual([]);
  });

  it('Vertex: rawPredict for the project and region, with a bearer token', async () => {
    const model = createVertexModel({
      region: 'us-east5',
      projectId: 'acme-qa',
      accessToken: 'ya29.fake-token',
      baseUrl: `${fake.url}/v1`,
      maxRetries: 0,
    });
    const { response, sent, body } = await callOnce(model);
    expect(sent.provider).toBe('vertex');
    expect(sent.path).toBe(
      '/v1/projects/acme-qa/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-6:rawPredict',
    );
    expect(sent.headers.authorization).toBe('Bearer ya29.fake-token');
    expect(body).toMatchObject({ anthropic_version: 'vertex-2023-10-16' });
    expect(body.model).toBeUndefined();
    expect(response.content.some((b) => b.type === 'tool_use')).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('moves a cache breakpoint onto the newest turn, within the API limit of four', async () => {
    const model = createAnthropicModel({ apiKey: 'test-key', baseUrl: fake.url, maxRetries: 0 });
    const conversation: ModelRequest = {
      ...request,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<change>PR</change>', cache: true },
            { type: 'text', text: 'The app is open.' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'snapshot', input: {} }],
        },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'page' }] },
      ],
    };
    await model.complete(conversation);
    const raw = fake.bodies.at(-1)!;
    const sent = JSON.parse(raw) as {
      messages: Array<{ content: Array<Record<string, unknown>> }>;
    };
    expect(raw.match(/"cache_control"/g)?.length).toBe(4);
    expect(sent.messages.at(-1)?.content.at(-1)).toMatchObject({
      type: 'tool_result',
      cache_control: { type: 'ephemeral' },
    });
    // The first turn's view is not a breakpoint: only the PR context in that message is.
    expect(sent.messages[0]?.content[1]?.cache_control).toBeUndefined();
  });
});
