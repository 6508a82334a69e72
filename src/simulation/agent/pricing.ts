/**
 * The one price table for estimating what a run cost. Prices change, so the report names the
 * table a figure came from (`priceTable`), and a user can pass their own (a gateway's prices, a
 * newer model) without a release.
 */
import { z } from 'zod';
import type { TokenUsage } from './model.js';

/** US dollars per million tokens. Cache writes/reads default to 1.25× / 0.1× of input. */
export const ModelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative().optional(),
  cacheRead: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const PriceTableSchema = z.object({
  /** Shown in the report: where these prices came from. */
  name: z.string().min(1),
  /** Keyed by model id; a dated id (`claude-haiku-4-5-20251001`) falls back to its alias. */
  models: z.record(z.string(), ModelPriceSchema),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;

/**
 * Anthropic's published prices as of 2026 (5-minute cache writes 1.25×, hits 0.1× of input).
 * Families without a price here get `costUsd: null` rather than a guess.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  name: 'anthropic-2026 (built in)',
  models: {
    'claude-sonnet-4-5': { input: 3, output: 15 },
    'claude-sonnet-4-6': { input: 3, output: 15 },
    'claude-haiku-4-5': { input: 1, output: 5 },
    'claude-opus-4-5': { input: 5, output: 25 },
    'claude-opus-4-6': { input: 5, output: 25 },
    'claude-opus-4-7': { input: 5, output: 25 },
    'claude-opus-4-8': { input: 5, output: 25 },
    'claude-opus-5': { input: 5, output: 25 },
  },
};

/** Parses a user's price table (JSON text), naming what is wrong. */
export function parsePriceTable(json: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`price table is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = PriceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`price table is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The price of `model`, or null when the table does not know it. */
export function priceOf(table: PriceTable, model: string): ModelPrice | null {
  const exact = table.models[model];
  if (exact) return exact;
  // Dated snapshots (`-20251001`) cost what their alias costs.
  const alias = model.replace(/-\d{8}$/, '');
  return table.models[alias] ?? null;
}

/** Estimated US dollars for `usage` on `model`, or null when its price is unknown. */
export function estimateCost(table: PriceTable, model: string, usage: TokenUsage): number | null {
  const price = priceOf(table, model);
  if (!price) return null;
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  const cost =
    usage.inputTokens * perToken(price.input) +
    usage.outputTokens * perToken(price.output) +
    usage.cacheWriteTokens * perToken(price.cacheWrite ?? price.input * 1.25) +
    usage.cacheReadTokens * perToken(price.cacheRead ?? price.input * 0.1);
  return Math.round(cost * 1_000_000) / 1_000_000;
}
