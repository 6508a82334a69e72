/**
 * One comment per PR, updated in place: a hidden marker identifies ours; the search pages
 * through every comment (a busy PR has hundreds), updates the marked one or creates it.
 */
import type { Octokit } from './octokit.js';

/** The hidden marker at the top of our comment. */
export const COMMENT_MARKER = '<!-- myfav-coworker:sticky-comment -->';

/** GitHub refuses comment bodies over 65,536 characters; stay under 64 KiB in bytes as well. */
export const MAX_COMMENT_BYTES = 64 * 1024 - 1024;

/** Where the comment goes. */
export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** What happened. */
export interface StickyResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/** Creates our comment on the PR, or updates the one that carries the marker (added if absent). */
export async function upsertStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  markdown: string,
): Promise<StickyResult> {
  const body = fitComment(
    markdown.includes(COMMENT_MARKER) ? markdown : `${COMMENT_MARKER}\n${markdown}`,
  );
  const existing = await findStickyComment(octokit, target);
  if (existing !== null) {
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing,
      body,
    });
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { id: data.id, url: data.html_url, action: 'created' };
}

/** The id of the first comment carrying the marker, searching every page; null if none. */
export async function findStickyComment(
  octokit: Octokit,
  target: CommentTarget,
): Promise<number | null> {
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) {
    const mine = page.data.find((c) => (c.body ?? '').includes(COMMENT_MARKER));
    if (mine) return mine.id;
  }
  return null;
}

/** Cuts a body to fit GitHub's limit, on a line boundary, saying where the rest is. */
export function fitComment(body: string, maxBytes = MAX_COMMENT_BYTES): string {
  if (Buffer.byteLength(body, 'utf8') <= maxBytes) return body;
  const note =
    "\n\n…_The comment was cut to fit GitHub's size limit; the full report is in the artifact and the job summary._\n";
  // Room for the note and for a closing code fence.
  const budget = maxBytes - Buffer.byteLength(note, 'utf8') - 4;
  let cut = Buffer.from(body, 'utf8').subarray(0, budget).toString('utf8');
  // A partial multi-byte character decodes to U+FFFD: drop it, then end on a whole line.
  cut = cut.replace(/\uFFFD+$/, '');
  const lastLine = cut.lastIndexOf('\n');
  if (lastLine > budget / 2) cut = cut.slice(0, lastLine);
  // An unclosed code fence would swallow the note.
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```';
  return cut + note;
}
