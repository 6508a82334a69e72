/**
 * The only file that builds an Octokit: @actions/github's client (it honours GITHUB_API_URL and
 * the runner's proxy settings) with the retry and throttling plugins, so a 502 or a rate limit
 * is waited out instead of losing a comment.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** The Octokit the action uses. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Options for {@link createOctokit}. */
export interface OctokitOptions {
  token: string;
  /** REST base URL; GITHUB_API_URL (or api.github.com) when omitted. */
  baseUrl?: string;
  /** Where retry and rate-limit notes go. */
  log?: (message: string) => void;
  /** Retries of a retryable failure (5xx, network). Default 3. */
  retries?: number;
}

/** Builds an Octokit that retries 5xx answers and waits out rate limits (a bounded number of times). */
export function createOctokit(options: OctokitOptions): Octokit {
  const log = options.log ?? (() => {});
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
  return getOctokit(
    options.token,
    {
      baseUrl,
      retry: { retries: options.retries ?? 3 },
      throttle: {
        onRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          log(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
          return count < 2;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          count: number,
        ) => {
          log(
            `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`,
          );
          return count < 2;
        },
      },
      log: { debug: () => {}, info: () => {}, warn: log, error: () => {} },
    },
    retry,
    throttling,
  );
}
