/**
 * PR URL validation: only the configured host, only `owner/repo/pull/N`, bounded lengths, so a
 * URL a user pastes cannot steer the server anywhere else.
 */
import { ValidationError } from '../errors.js';

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
  /** The canonical URL, `https://<host>/<owner>/<repo>/pull/<n>`. */
  url: string;
}

const MAX_URL_LENGTH = 300;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Parses a PR URL on `host`, throwing a ValidationError that says what is wrong. */
export function parsePullUrl(input: unknown, host: string): PullRef {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new ValidationError('pr_url is required, e.g. https://github.com/owner/repo/pull/123');
  }
  const text = input.trim();
  if (text.length > MAX_URL_LENGTH) {
    throw new ValidationError(`pr_url is longer than ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`pr_url is not a URL: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (
    url.protocol !== 'https:' ||
    url.host.toLowerCase() !== host ||
    url.username ||
    url.password
  ) {
    throw new ValidationError(`pr_url must be an https://${host}/ pull request URL`);
  }
  const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1);
  // Accept the PR's sub-pages (`/files`, `/commits`) people often copy, but nothing else.
  const [owner, repo, kind, num, ...rest] = parts;
  if (
    !owner ||
    !repo ||
    kind !== 'pull' ||
    !num ||
    !/^[1-9][0-9]{0,9}$/.test(num) ||
    rest.length > 2 ||
    !OWNER.test(owner) ||
    !REPO.test(repo) ||
    repo === '.' ||
    repo === '..'
  ) {
    throw new ValidationError(
      `pr_url must look like https://${host}/owner/repo/pull/123 (got ${url.pathname.slice(0, 120)})`,
    );
  }
  const number = Number(num);
  return { owner, repo, number, url: `https://${host}/${owner}/${repo}/pull/${number}` };
}
