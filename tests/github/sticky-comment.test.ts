import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import { createOctokit } from '../../src/github/octokit.js';
import {
  COMMENT_MARKER,
  fitComment,
  upsertStickyComment,
} from '../../src/github/sticky-comment.js';

let gh: FakeGitHub;
const REPO = 'acme/shop';

beforeAll(async () => {
  gh = await createFakeGitHub();
  gh.state.addToken('ghs_action', 'github-actions[bot]');
  gh.state.addPull(REPO, { number: 7, title: 'Favourites' });
  gh.state.addPull(REPO, { number: 8, title: 'Busy PR' });
  for (let i = 0; i < 150; i += 1) gh.state.addComment(REPO, 8, `comment ${i} by a human`);
});

afterAll(() => gh.close());

const octokit = () => createOctokit({ token: 'ghs_action', baseUrl: gh.url });
const target = (issueNumber: number) => ({ owner: 'acme', repo: 'shop', issueNumber });
const ours = (n: number) =>
  gh.state.commentsOn(REPO, n).filter((c) => c.body.includes(COMMENT_MARKER));

describe('upsertStickyComment', () => {
  it('creates one comment, then updates it in place', async () => {
    const first = await upsertStickyComment(octokit(), target(7), '### Fail\nfirst run');
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(octokit(), target(7), '### Pass\nsecond run');
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(ours(7)).toHaveLength(1);
    expect(ours(7)[0]?.body).toContain('second run');
    expect(ours(7)[0]?.body).not.toContain('first run');
  });

  it('finds its comment behind 150 others (paginated), never duplicating it', async () => {
    await upsertStickyComment(octokit(), target(8), 'run 1');
    gh.state.addComment(REPO, 8, 'a human replies after the bot');
    await upsertStickyComment(octokit(), target(8), 'run 2');
    await upsertStickyComment(octokit(), target(8), 'run 3');
    expect(ours(8)).toHaveLength(1);
    expect(ours(8)[0]?.body).toContain('run 3');
    expect(gh.state.commentsOn(REPO, 8)).toHaveLength(152);
    // The search paged with the API's maximum page size.
    const listed = gh.state.requestsTo('GET', /\/issues\/8\/comments$/);
    expect(listed.some((r) => r.query.includes('page=2'))).toBe(true);
    expect(listed.every((r) => r.query.includes('per_page=100'))).toBe(true);
  });

  it('retries a 502 from GitHub and still posts', async () => {
    gh.state.addPull(REPO, { number: 9, title: 'Flaky GitHub' });
    gh.state.faults.push({ method: 'POST', path: /\/issues\/9\/comments$/, status: 502, times: 1 });
    const result = await upsertStickyComment(octokit(), target(9), 'after a 502');
    expect(result.action).toBe('created');
    expect(ours(9)).toHaveLength(1);
    expect(gh.state.requestsTo('POST', /\/issues\/9\/comments$/).map((r) => r.status)).toEqual([
      502, 201,
    ]);
  });

  it('keeps a huge body under GitHub limit, so the post is accepted', async () => {
    gh.state.addPull(REPO, { number: 10, title: 'Huge' });
    const huge = Array.from({ length: 5000 }, (_, i) => `| step ${i} | ${'é'.repeat(20)} |`).join(
      '\n',
    );
    await upsertStickyComment(octokit(), target(10), huge);
    const body = ours(10)[0]?.body ?? '';
    expect(Buffer.byteLength(body)).toBeLessThan(64 * 1024);
    expect(body).toContain('full report is in the artifact');
  });
});

describe('fitComment', () => {
  it('leaves a short body alone and closes a code fence it cuts through', () => {
    expect(fitComment('short')).toBe('short');
    const cut = fitComment(`intro\n\`\`\`\n${'x\n'.repeat(1000)}\`\`\``, 500);
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(500);
  });
});
