/** PR URL validation: only the configured host and the owner/repo/pull/N shape. */
import { describe, expect, it } from 'vitest';
import { parsePullUrl } from '../../../server/jobs/pr-url.js';

describe('parsePullUrl', () => {
  it.each([
    ['https://github.com/acme/shop/pull/42', 'acme', 'shop', 42],
    ['https://github.com/acme/shop/pull/42/', 'acme', 'shop', 42],
    ['https://github.com/acme/shop/pull/42/files', 'acme', 'shop', 42],
    ['https://GitHub.com/a-b/c.d_e/pull/7#discussion', 'a-b', 'c.d_e', 7],
    ['  https://github.com/acme/shop/pull/1?x=1  ', 'acme', 'shop', 1],
  ])('accepts %s', (url, owner, repo, number) => {
    expect(parsePullUrl(url, 'github.com')).toMatchObject({
      owner,
      repo,
      number,
      url: `https://github.com/${owner}/${repo}/pull/${number}`,
    });
  });

  it.each([
    [undefined, /required/],
    ['', /required/],
    ['github.com/acme/shop/pull/1', /not a URL/],
    ['http://github.com/acme/shop/pull/1', /https:\/\/github.com/],
    ['https://evil.com/acme/shop/pull/1', /https:\/\/github.com/],
    ['https://github.com.evil.com/acme/shop/pull/1', /https:\/\/github.com/],
    ['https://user:pw@github.com/acme/shop/pull/1', /https:\/\/github.com/],
    ['https://github.com/acme/shop/issues/1', /must look like/],
    ['https://github.com/acme/shop/pull/0', /must look like/],
    ['https://github.com/acme/shop/pull/12abc', /must look like/],
    ['https://github.com/acme/../pull/1', /must look like/],
    ['https://github.com/-bad/shop/pull/1', /must look like/],
    [`https://github.com/acme/shop/pull/1?${'a'.repeat(300)}`, /longer than/],
  ])('refuses %s', (url, message) => {
    expect(() => parsePullUrl(url, 'github.com')).toThrow(message);
  });

  it('follows the configured host (GitHub Enterprise)', () => {
    expect(
      parsePullUrl('https://ghe.corp.example/acme/shop/pull/3', 'ghe.corp.example').number,
    ).toBe(3);
    expect(() => parsePullUrl('https://github.com/acme/shop/pull/3', 'ghe.corp.example')).toThrow();
  });
});
