/**
 * The prompt cache of the fake Messages API, reported in `usage` by the rules of Anthropic's
 * prompt-caching documentation (https://platform.claude.com/docs/en/build-with-claude/prompt-caching):
 * - the prompt is read in order (tools, system, messages) and each block marked `cache_control`
 *   is a breakpoint, at most 4 per request (more is a 400 error);
 * - a breakpoint writes one cache entry, the prefix ending at its block, nowhere else;
 * - a request reads the longest prefix an earlier request wrote, looked up at each of its own
 *   breakpoints and at most 20 blocks before one ("lookback"); any change to a block changes
 *   every prefix from that block on;
 * - prefixes shorter than the model's minimum cacheable length are neither written nor read;
 * - `cache_read_input_tokens` is what was read, `cache_creation_input_tokens` runs from there to
 *   the last breakpoint, and `input_tokens` is only what follows the last breakpoint.
 * Tokens are estimated as 4 characters.
 */
import { createHash } from 'node:crypto';

/** `usage` fields that depend on the cache. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Where a request's cache read ended and where its breakpoints were, as block labels. */
export interface CacheTrace {
  /** `tools[i]`, `system[i]` or `messages[m][b]`; null when nothing was read. */
  readUpTo: string | null;
  breakpoints: string[];
}

/** The API's documented limit of blocks marked `cache_control` in one request. */
export const MAX_BREAKPOINTS = 4;
/** How many blocks before a breakpoint the API looks for an earlier cache entry. */
const LOOKBACK = 20;

/**
 * The minimum cacheable prompt length, in tokens, by model (the documentation's table: 4,096
 * for Opus 4.5/4.6 and Haiku 4.5, 2,048 for Haiku 3/3.5, 1,024 for Sonnet 4.x and the others).
 */
export function minimumCacheable(model: string): number {
  if (/opus-4-[56]|haiku-4-5/.test(model)) return 4096;
  if (/haiku-3/.test(model)) return 2048;
  return 1024;
}

interface Prefix {
  hash: string;
  tokens: number;
  marked: boolean;
  label: string;
}

interface Block {
  label: string;
  content: Record<string, unknown>;
  role?: unknown;
}

function blocksOf(body: Record<string, unknown>): Block[] {
  const blocks: Block[] = ((body.tools as Array<Record<string, unknown>> | undefined) ?? []).map(
    (tool, i) => ({ label: `tools[${i}]`, content: tool }),
  );
  const system = body.system;
  if (typeof system === 'string') blocks.push({ label: 'system[0]', content: { text: system } });
  else if (Array.isArray(system))
    (system as Array<Record<string, unknown>>).forEach((content, i) =>
      blocks.push({ label: `system[${i}]`, content }),
    );
  const messages = (body.messages as Array<Record<string, unknown>> | undefined) ?? [];
  messages.forEach((message, m) => {
    const content = message.content;
    const list = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
    ((list as Array<Record<string, unknown>>) ?? []).forEach((block, b) =>
      blocks.push({ label: `messages[${m}][${b}]`, content: block, role: message.role }),
    );
  });
  return blocks;
}

/** The prefix at the end of each block: a hash chain, so identical prefixes hash alike. */
function prefixesOf(body: Record<string, unknown>): Prefix[] {
  let hash = String(body.model ?? '');
  let chars = 0;
  return blocksOf(body).map(({ label, content, role }) => {
    const marked = 'cache_control' in content;
    // The marker itself is not part of the content: moving it must not change the prefix.
    const { cache_control: _marker, ...rest } = content;
    const text = JSON.stringify(role === undefined ? rest : { role, content: rest });
    chars += text.length;
    hash = createHash('sha256').update(hash).update(text).digest('hex');
    return { hash, tokens: Math.ceil(chars / 4), marked, label };
  });
}

/** The API's 400 message when a request marks more than four blocks, or null. */
export function breakpointProblem(body: Record<string, unknown>): string | null {
  const count = blocksOf(body).filter((b) => 'cache_control' in b.content).length;
  return count > MAX_BREAKPOINTS
    ? `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${count}.`
    : null;
}

/** A cache shared by the requests of one fake (entries never expire within a test). */
export class PromptCache {
  private readonly written = new Set<string>();
  /** One entry per accounted request, in order. */
  readonly traces: CacheTrace[] = [];

  /** Usage for `body` (whose prompt totals `totalTokens`), then writes its breakpoints. */
  account(body: Record<string, unknown>, totalTokens: number): CacheUsage {
    const prefixes = prefixesOf(body);
    const breakpoints = prefixes.flatMap((p, i) => (p.marked ? [i] : []));
    const minimum = minimumCacheable(String(body.model ?? ''));
    const trace: CacheTrace = { readUpTo: null, breakpoints: breakpoints.map(labelAt(prefixes)) };
    this.traces.push(trace);
    const last = breakpoints.at(-1);
    if (last === undefined || (prefixes[last]?.tokens ?? 0) < minimum) {
      return {
        input_tokens: totalTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      };
    }
    let read = 0;
    for (let i = last; i >= 0; i--) {
      const prefix = prefixes[i] as Prefix;
      const inReach = breakpoints.some((b) => b >= i && b - i <= LOOKBACK);
      if (inReach && prefix.tokens >= minimum && this.written.has(prefix.hash)) {
        read = prefix.tokens;
        trace.readUpTo = prefix.label;
        break;
      }
    }
    const upToLast = (prefixes[last] as Prefix).tokens;
    for (const b of breakpoints) {
      const prefix = prefixes[b] as Prefix;
      if (prefix.tokens >= minimum) this.written.add(prefix.hash);
    }
    return {
      input_tokens: Math.max(0, totalTokens - upToLast),
      cache_creation_input_tokens: upToLast - read,
      cache_read_input_tokens: read,
    };
  }
}

function labelAt(prefixes: Prefix[]): (index: number) => string {
  return (index) => (prefixes[index] as Prefix).label;
}
