/** HTTP helpers shared by the fake GitHub's route modules. */
import type { Context } from 'hono';
import type { FakeToken } from './state.js';

/** Hono environment of the fake: the resolved token of the request, if any. */
export interface FakeEnv {
  Variables: { token: FakeToken | null; tokenValue: string | null };
}

/** A GitHub-shaped error body. */
export function ghError(c: Context, status: number, message: string): Response {
  return c.json(
    { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
    status as 400,
  );
}

/** The token value of an `Authorization: token X` / `Bearer X` header. */
export function bearerOf(header: string | undefined): string | null {
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() ?? null;
}

/**
 * Pages `items` the way GitHub does (`per_page` ≤ 100, default 30, `page` from 1) and sets the
 * `Link` header with next/last/first/prev.
 */
export function paginate<T>(c: Context, items: T[]): T[] {
  const url = new URL(c.req.url);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => {
    const u = new URL(url);
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  if (links.length > 0) c.header('Link', links.join(', '));
  return items.slice((page - 1) * perPage, page * perPage);
}
