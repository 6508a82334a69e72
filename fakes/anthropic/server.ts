/**
 * A local fake of the Anthropic Messages API (`POST /v1/messages`, non-streaming) that the real
 * SDK talks to. Its "model" is a script: each request consumes one turn. Elements are chosen by
 * role and name from the page views the request carries (the newest line that shows them), so a
 * script survives ref changes exactly as a real model would. It records every raw request body,
 * so tests can prove what was (and was not) sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  breakpointProblem,
  PromptCache,
  type CacheTrace,
  type CacheUsage,
} from './prompt-cache.js';

/** A tool call in a script. `target` is resolved to `input.ref` from the latest page view. */
export interface ScriptCall {
  tool: string;
  input?: Record<string, unknown>;
  target?: { role: string; name: string };
  /**
   * Picks `input.ref` from everything the model was sent (as text, oldest first), for a script
   * that chooses by pattern or position rather than by exact name; null when absent.
   */
  pick?: (conversation: string) => string | null;
}

export type ScriptTurn =
  /** Answer with an HTTP error (429, 500, 529, …). */
  | { fault: number; retryAfterMs?: number }
  /** Never answer (the socket stays open until the client gives up). */
  | { hang: true }
  /** Answer with text only (no tool use). */
  | { text: string }
  /**
   * Call tools. When a target cannot be found in what the model was sent, the script switches
   * to `otherwise` (if given), like a model changing plan when a button is not there.
   */
  | { calls: ScriptCall[]; say?: string; otherwise?: ScriptTurn[] };

export interface Scenario {
  name: string;
  turns: ScriptTurn[];
  /** Keep repeating the last turn when the script runs out (a model stuck in a loop). */
  repeatLast?: boolean;
  /**
   * How long each answer takes (ms), as a real model's turn does: the agent's work deferred past
   * its answer runs meanwhile. Default 0 (answers at once).
   */
  thinkMs?: number;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL`). */
  url: string;
  /** Raw bodies of every request received, in order (including faulted ones). */
  bodies: string[];
  /** How many requests were answered with each status. */
  statuses: number[];
  /** Problems the fake found in requests (a real API would have answered 400). */
  violations: string[];
  /** Which provider's route each request came in on, with its path and headers. */
  requests: Array<{ provider: Provider; path: string; headers: Record<string, unknown> }>;
  /** The cache-dependent usage of each answered request, in order (see `prompt-cache.ts`). */
  usages: CacheUsage[];
  /** Where each answered request's cache read ended, and its breakpoints (block labels). */
  cacheTraces: CacheTrace[];
  /**
   * When each request arrived and when its answer was sent (`performance.now()`), in order: the
   * gap from one answer to the next request is the time the model waits for the agent.
   */
  timeline: Array<{ receivedAt: number; answeredAt?: number }>;
  close(): Promise<void>;
}

/**
 * The three ways the Messages API is reached: Anthropic's own (`POST /v1/messages`), Amazon
 * Bedrock's InvokeModel (`POST /model/{id}/invoke`, SigV4-signed, `anthropic_version`
 * `bedrock-2023-05-31`, the model in the path) and Google Vertex AI's rawPredict (`POST
 * /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{id}:rawPredict`, a bearer token,
 * `anthropic_version` `vertex-2023-10-16`, the model in the path).
 */
export type Provider = 'anthropic' | 'bedrock' | 'vertex';

interface Route {
  provider: Provider;
  /** The model id from the path (Bedrock, Vertex). */
  model?: string;
}

function routeOf(method: string | undefined, url: string): Route | null {
  if (method !== 'POST') return null;
  const path = url.split('?')[0] ?? '';
  if (path === '/v1/messages') return { provider: 'anthropic' };
  const bedrock = /^\/model\/([^/]+)\/invoke$/.exec(path);
  if (bedrock) return { provider: 'bedrock', model: decodeURIComponent(bedrock[1] ?? '') };
  const vertex =
    /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):rawPredict$/.exec(
      path,
    );
  if (vertex) return { provider: 'vertex', model: decodeURIComponent(vertex[1] ?? '') };
  return null;
}

/** What Bedrock and Vertex would refuse about a request's shape. */
function providerProblems(
  route: Route,
  req: IncomingMessage,
  body: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const auth = String(req.headers.authorization ?? '');
  if (route.provider === 'bedrock') {
    if (
      !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/.test(
        auth,
      )
    )
      problems.push(`bedrock: not a SigV4 authorization for bedrock: ${auth.slice(0, 60)}`);
    if (!req.headers['x-amz-date']) problems.push('bedrock: no x-amz-date header');
    if (body.anthropic_version !== 'bedrock-2023-05-31')
      problems.push(`bedrock: anthropic_version ${String(body.anthropic_version)}`);
  }
  if (route.provider === 'vertex') {
    if (!/^Bearer \S+$/.test(auth)) problems.push('vertex: no bearer token');
    // "must be set to the value vertex-2023-10-16" (https://docs.anthropic.com/en/api/claude-on-vertex-ai)
    if (body.anthropic_version !== 'vertex-2023-10-16')
      problems.push(`vertex: anthropic_version ${String(body.anthropic_version)}`);
  }
  if (route.provider !== 'anthropic' && 'model' in body)
    problems.push(`${route.provider}: the model belongs in the path, not the body`);
  return problems;
}

interface MessageParam {
  role: 'user' | 'assistant';
  content: string | Array<Record<string, unknown>>;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeAnthropic(scenario: Scenario): Promise<FakeAnthropic> {
  const bodies: string[] = [];
  const statuses: number[] = [];
  const violations: string[] = [];
  const requests: FakeAnthropic['requests'] = [];
  const usages: CacheUsage[] = [];
  const timeline: FakeAnthropic['timeline'] = [];
  const cache = new PromptCache();
  let turns = [...scenario.turns];
  let index = 0;
  let ids = 0;
  const sockets = new Set<Socket>();

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    statuses.push(status);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrival = { receivedAt: performance.now() } as FakeAnthropic['timeline'][number];
    const route = routeOf(req.method, req.url ?? '');
    if (!route) {
      return answer(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: 'no route' },
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    bodies.push(raw);
    if (!req.headers['x-api-key'] && !req.headers.authorization) {
      return answer(res, 401, {
        type: 'error',
        error: { type: 'authentication_error', message: 'no key' },
      });
    }
    const body = JSON.parse(raw) as {
      model: string;
      messages: MessageParam[];
      system?: unknown;
      tools?: unknown[];
    };
    requests.push({ provider: route.provider, path: req.url ?? '', headers: { ...req.headers } });
    timeline.push(arrival);
    violations.push(...providerProblems(route, req, body as unknown as Record<string, unknown>));
    if (route.model) body.model = route.model;
    validate(body.messages, violations);
    const tooMany = breakpointProblem(body as unknown as Record<string, unknown>);
    if (tooMany) {
      violations.push(tooMany);
      return answer(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: tooMany },
      });
    }

    let turn: ScriptTurn | undefined = turns[index];
    if (turn === undefined && scenario.repeatLast) turn = turns.at(-1);
    else index++;
    if (turn === undefined) turn = { text: 'I have nothing more to do.' };

    if ('fault' in turn) {
      const type =
        turn.fault === 429
          ? 'rate_limit_error'
          : turn.fault === 529
            ? 'overloaded_error'
            : 'api_error';
      return answer(
        res,
        turn.fault,
        { type: 'error', error: { type, message: `scripted ${turn.fault}` } },
        { 'retry-after-ms': String(turn.retryAfterMs ?? 10) },
      );
    }
    if ('hang' in turn) return; // never answered; closed when the fake closes

    const context = conversationText(body.messages);
    let content: Array<Record<string, unknown>>;
    for (;;) {
      content = [];
      if ('text' in turn) {
        content.push({ type: 'text', text: turn.text });
        break;
      }
      if (!('calls' in turn)) break;
      if (turn.say) content.push({ type: 'text', text: turn.say });
      let missing = false;
      for (const call of turn.calls) {
        const input = resolvePlaceholders(structuredClone(call.input ?? {}), context) as Record<
          string,
          unknown
        >;
        if (call.pick) {
          const ref = call.pick(context);
          if (!ref) missing = true;
          input.ref = ref ?? 'e99999';
        } else if (call.target) {
          const ref = findRef(context, call.target.role, call.target.name);
          if (!ref) missing = true;
          input.ref = ref ?? 'e99999';
        }
        content.push(toolUse(call.tool, input));
      }
      if (missing && turn.otherwise?.length) {
        // Change plan, like a model that does not find the button it expected.
        turns = [...turn.otherwise];
        index = 1;
        turn = turns[0] as ScriptTurn;
        continue;
      }
      break;
    }
    const cached = cache.account(
      body as unknown as Record<string, unknown>,
      Math.ceil(raw.length / 4),
    );
    usages.push(cached);
    if (scenario.thinkMs) await new Promise((resolve) => setTimeout(resolve, scenario.thinkMs));
    res.once('finish', () => (arrival.answeredAt = performance.now()));
    answer(res, 200, {
      id: `msg_${++ids}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        ...cached,
        output_tokens: 20 + Math.ceil(JSON.stringify(content).length / 4),
      },
    });
  };

  function toolUse(name: string, input: unknown): Record<string, unknown> {
    return { type: 'tool_use', id: `toolu_${++ids}_${name}`, name, input };
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`fake crashed: ${String(error)}`);
      if (!res.headersSent)
        answer(res, 500, { type: 'error', error: { type: 'api_error', message: 'fake crashed' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    statuses,
    violations,
    requests,
    usages,
    cacheTraces: cache.traces,
    timeline,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Everything the model was sent, oldest first, as text (page views live in tool results). */
function conversationText(messages: MessageParam[]): string {
  const parts: string[] = [];
  for (const m of messages) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') parts.push(m.content);
    else
      for (const block of m.content) {
        if (block.type === 'text') parts.push(String(block.text));
        if (block.type === 'tool_result')
          parts.push(
            typeof block.content === 'string' ? block.content : JSON.stringify(block.content),
          );
      }
  }
  return parts.join('\n');
}

/** The ref of the newest line showing `role "name"` (view lines, diff "+"/"~" lines, find results). */
function findRef(context: string, role: string, name: string): string | null {
  const lines = context.split('\n');
  // Views cut very long names with an ellipsis: a long name is matched by its start.
  const full = JSON.stringify(name);
  const quoted = full.length > 120 ? full.slice(0, 120) : full;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.startsWith('-')) continue; // a removed line
    const at = line.lastIndexOf(`${role} ${quoted}`);
    if (at < 0) continue;
    const before = line.slice(0, at);
    if (before.trim() && !/(^[+~]?\s*|> )$/.test(before)) continue;
    const ref = /\[((?:f\d+)?e\d+)\]/.exec(line.slice(at));
    if (ref) return ref[1] ?? null;
  }
  return null;
}

/** `"$lastStep"` and `"$step:<text>"` become the step number the model was told. */
function resolvePlaceholders(value: unknown, context: string): unknown {
  if (typeof value === 'string') {
    if (value === '$lastStep') return lastStep(context, '');
    if (value.startsWith('$step:')) return lastStep(context, value.slice(6));
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, context));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolvePlaceholders(v, context);
    return out;
  }
  return value;
}

function lastStep(context: string, containing: string): number {
  let found = 0;
  for (const m of context.matchAll(/^Step (\d+): (.*)$/gm)) {
    if (!containing || (m[2] ?? '').includes(containing)) found = Number(m[1]);
  }
  return found;
}

/** What the real API would reject: every tool_use answered by a tool_result right after it. */
function validate(messages: MessageParam[], violations: string[]): void {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as MessageParam;
    if (i > 0 && (messages[i - 1] as MessageParam).role === m.role)
      violations.push(`two ${m.role} messages in a row at ${i}`);
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    const uses = m.content.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
    if (!uses.length) continue;
    const nextMessage = messages[i + 1];
    if (!nextMessage) continue;
    const results =
      typeof nextMessage.content === 'string'
        ? []
        : nextMessage.content
            .filter((b) => b.type === 'tool_result')
            .map((b) => String(b.tool_use_id));
    for (const id of uses)
      if (!results.includes(id)) violations.push(`tool_use ${id} has no tool_result`);
  }
}
