import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../fakes/anthropic/server.js';

// Anthropic's prompt-caching rules, as its documentation states them: a request reads the
// longest prefix an earlier request wrote at a breakpoint, writes up to its own last
// breakpoint, bills the rest as plain input, and caches nothing under 1,024 tokens.
let fake: FakeAnthropic;
const LONG = 'Rules of the run. '.repeat(400); // ≈ 7,200 characters, well over 1,024 tokens

interface Usage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

async function send(system: string, turns: string[], markLast: boolean): Promise<Usage> {
  const messages = turns.map((text, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: [
      {
        type: 'text',
        text,
        ...(markLast && i === turns.length - 1 ? { cache_control: { type: 'ephemeral' } } : {}),
      },
    ],
  }));
  const response = await fetch(`${fake.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'k',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
      messages,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { usage: Usage }).usage;
}

const total = (u: Usage) =>
  u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;

describe('fake Messages API prompt cache', () => {
  beforeAll(async () => {
    fake = await startFakeAnthropic({ name: 'cache', turns: [{ text: 'ok' }], repeatLast: true });
  });
  afterAll(() => fake.close());

  it('writes a long prefix on first use and reads it on the next request', async () => {
    const first = await send(LONG, ['Hello'], false);
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(1024);
    const again = await send(LONG, ['Hello again'], false);
    expect(again.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(again.cache_creation_input_tokens).toBe(0);
    expect(total(again)).toBeGreaterThan(again.cache_read_input_tokens);
  });

  it('reads the earlier turns when the breakpoint moves to the newest turn', async () => {
    const system = `${LONG} Moving breakpoint.`;
    const turn1 = await send(system, ['Step one'], true);
    const turn2 = await send(system, ['Step one', 'Clicked', 'Step two'], true);
    // The whole first request's prompt is read; only the two new turns are written.
    expect(turn2.cache_read_input_tokens).toBe(turn1.cache_creation_input_tokens);
    expect(turn2.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(turn2.cache_creation_input_tokens).toBeLessThan(50); // two short turns, not the system prompt again
    expect(turn2.input_tokens).toBeLessThan(50); // only the request framing follows the breakpoint
  });

  it('a changed earlier turn misses the cache from that turn on', async () => {
    const system = `${LONG} Rewritten history.`;
    const turn1 = await send(system, ['Page view one', 'Clicked', 'Page view two'], true);
    const rewritten = await send(system, ['(elided)', 'Clicked', 'Page view two', 'x', 'y'], true);
    expect(rewritten.cache_read_input_tokens).toBeLessThan(turn1.cache_creation_input_tokens);
    expect(rewritten.cache_read_input_tokens).toBeGreaterThan(1024); // the system prompt still hits
  });

  it('caches nothing under the minimum cacheable length', async () => {
    const usage = await send('Short system prompt.', ['Hi'], true);
    expect(usage.cache_creation_input_tokens).toBe(0);
    expect(usage.cache_read_input_tokens).toBe(0);
    expect(usage.input_tokens).toBeGreaterThan(0);
  });

  it('looks back at most 20 blocks from a breakpoint for an earlier entry', async () => {
    const system = `${LONG} Lookback.`;
    const turns = Array.from({ length: 41 }, (_, i) => `turn ${i}`);
    await send(system, turns.slice(0, 1), true); // an entry after turn 0 (block 2 of the prompt)
    // 20 blocks on, turn 0's entry is still found from the new breakpoint…
    const near = await send(system, turns.slice(0, 21), true);
    const atTurn0 = (await send(system, turns.slice(0, 1), true)).cache_read_input_tokens;
    expect(near.cache_read_input_tokens).toBe(atTurn0);
    // …21 blocks on it is out of reach: only the system prompt's own entry is read.
    const far = await send(`${LONG} Lookback, far.`, turns.slice(0, 1), true);
    const farther = await send(`${LONG} Lookback, far.`, turns.slice(0, 22), true);
    expect(far.cache_read_input_tokens).toBe(0);
    expect(farther.cache_read_input_tokens).toBeLessThan(
      far.cache_creation_input_tokens, // the system prompt alone, not turn 0 with it
    );
    expect(farther.cache_read_input_tokens).toBeGreaterThan(1024);
  });

  it('refuses more than four breakpoints, as the API answers 400', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        system: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }],
        messages: [
          {
            role: 'user',
            content: ['a', 'b', 'c', 'd'].map((text) => ({
              type: 'text',
              text,
              cache_control: { type: 'ephemeral' },
            })),
          },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('A maximum of 4 blocks with cache_control');
  });

  it("applies the model's own minimum: 4,096 tokens for Haiku 4.5", async () => {
    // ≈ 1,800 tokens: cached for Sonnet 4.6 (1,024), not for Haiku 4.5 (4,096).
    const body = (model: string) =>
      JSON.stringify({
        model,
        max_tokens: 10,
        system: [{ type: 'text', text: `${LONG} Haiku.`, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Hi' }],
      });
    const post = async (model: string) =>
      (
        (await (
          await fetch(`${fake.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
            body: body(model),
          })
        ).json()) as { usage: Usage }
      ).usage;
    expect((await post('claude-haiku-4-5')).cache_creation_input_tokens).toBe(0);
    expect((await post('claude-sonnet-4-6')).cache_creation_input_tokens).toBeGreaterThan(1024);
  });
});
