/**
 * The prompt cache of the fake Messages API, reported in `usage` the way the real API documents
 * it: the prompt is read in order (tools, system, messages), each block marked `cache_control`
 * is a breakpoint, a request reads the longest prefix an earlier request wrote at one of its
 * breakpoints (looking back at most 20 blocks from a breakpoint of this request), writes the rest
 * up to its last breakpoint, and only the tokens after that are plain input. Prefixes shorter than
 * the minimum cacheable length are neither written nor read. Tokens are estimated as 4 characters.
 */
import { createHash } from 'node:crypto';

/** `usage` fields that depend on the cache. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Minimum cacheable prompt length of Sonnet and Opus models, in tokens. */
const MIN_CACHEABLE = 1024;
/** How many blocks before a breakpoint the API looks for an earlier cache entry. */
const LOOKBACK = 20;

interface Prefix {
  hash: string;
  tokens: number;
  marked: boolean;
}

function blocksOf(body: Record<string, unknown>): unknown[] {
  const blocks: unknown[] = [...((body.tools as unknown[] | undefined) ?? [])];
  const system = body.system;
  if (typeof system === 'string') blocks.push({ type: 'text', text: system });
  else if (Array.isArray(system)) blocks.push(...(system as unknown[]));
  for (const message of (body.messages as Array<Record<string, unknown>> | undefined) ?? []) {
    const content = message.content;
    if (typeof content === 'string') blocks.push({ role: message.role, text: content });
    else
      for (const block of (content as unknown[]) ?? []) blocks.push({ role: message.role, block });
  }
  return blocks;
}

/** The prefix at the end of each block: a hash chain, so identical prefixes hash alike. */
function prefixesOf(body: Record<string, unknown>): Prefix[] {
  let hash = String(body.model ?? '');
  let chars = 0;
  return blocksOf(body).map((block) => {
    const record = block as Record<string, unknown>;
    const inner = (record.block ?? record) as Record<string, unknown>;
    const marked = 'cache_control' in inner;
    // The marker itself is not part of the content: moving it must not change the prefix.
    const { cache_control: _marker, ...content } = inner;
    const text = JSON.stringify(record.block ? { role: record.role, content } : content);
    chars += text.length;
    hash = createHash('sha256').update(hash).update(text).digest('hex');
    return { hash, tokens: Math.ceil(chars / 4), marked };
  });
}

/** A cache shared by the requests of one fake. */
export class PromptCache {
  private readonly written = new Set<string>();

  /** Usage for `body` (whose prompt totals `totalTokens`), then writes its breakpoints. */
  account(body: Record<string, unknown>, totalTokens: number): CacheUsage {
    const prefixes = prefixesOf(body);
    const breakpoints = prefixes.flatMap((p, i) => (p.marked ? [i] : []));
    const last = breakpoints.at(-1);
    if (last === undefined || (prefixes[last]?.tokens ?? 0) < MIN_CACHEABLE) {
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
      if (inReach && prefix.tokens >= MIN_CACHEABLE && this.written.has(prefix.hash)) {
        read = prefix.tokens;
        break;
      }
    }
    const upToLast = (prefixes[last] as Prefix).tokens;
    for (const b of breakpoints) {
      const prefix = prefixes[b] as Prefix;
      if (prefix.tokens >= MIN_CACHEABLE) this.written.add(prefix.hash);
    }
    return {
      input_tokens: Math.max(0, totalTokens - upToLast),
      cache_creation_input_tokens: upToLast - read,
      cache_read_input_tokens: read,
    };
  }
}
