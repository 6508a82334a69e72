/**
 * A local fake GitHub on 127.0.0.1 (random port): the REST subset the action and the server use,
 * and the Actions artifact service (`@actions/artifact` 6). The real Octokit and the real
 * artifact client talk to it over HTTP; tests seed and assert through `state`.
 *
 * Each area is a module with a registrar `(app, state) => void` listed in REGISTRARS: adding an
 * area (OAuth, workflow dispatch and runs, …) is one import and one line there.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { operationFor, overExample, responseExample, responseMedia } from './openapi.js';
import { registerArtifactService } from './artifacts.js';
import { registerRest } from './rest.js';
import { registerOAuth } from './oauth.js';
import { registerWorkflows } from './workflows.js';
import type { FakeEnv } from './http.js';
import { bearerOf, ghError } from './http.js';
import { FakeGitHubState, type ApiExchange } from './state.js';

/** The Hono app type registrars receive. */
export type FakeApp = Hono<FakeEnv>;

/** Adds one area of routes to the fake. */
export type Registrar = (app: FakeApp, state: FakeGitHubState) => void;

/** Every area of the fake, in order (first matching route wins). */
const REGISTRARS: Registrar[] = [
  registerRest,
  registerArtifactService,
  registerOAuth,
  registerWorkflows,
];

/** A running fake GitHub. `url` is the API base (GITHUB_API_URL and ACTIONS_RESULTS_URL). */
export interface FakeGitHub {
  url: string;
  state: FakeGitHubState;
  close: () => Promise<void>;
}

/** Builds the Hono app over `state` (exported for `app.request()` tests without a socket). */
export function createFakeGitHubApp(state: FakeGitHubState): FakeApp {
  const app: FakeApp = new Hono<FakeEnv>();

  // Record every request and apply injected faults before any route runs.
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const tokenValue = bearerOf(c.req.header('authorization'));
    const token = tokenValue ? (state.tokens.get(tokenValue) ?? null) : null;
    c.set('token', token);
    c.set('tokenValue', tokenValue);
    const record = {
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      status: 0,
      login: token?.login ?? null,
    };
    state.requests.push(record);
    const fault = state.takeFault(c.req.method, url.pathname);
    if (fault) {
      record.status = fault.status;
      for (const [name, value] of Object.entries(fault.headers ?? {})) c.header(name, value);
      return c.json(
        (fault.body ?? { message: `Injected fault ${fault.status}` }) as object,
        fault.status as 500,
      );
    }
    const requestBody = await jsonBodyOf(c.req.raw);
    await next();
    record.status = c.res.status;
    await overlayExample(c, state, {
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      conditional: c.req.header('if-none-match') !== undefined,
      accept: c.req.header('accept') ?? '',
      requestBody,
    });
  });

  for (const register of REGISTRARS) register(app, state);

  app.notFound((c) =>
    ghError(c, 404, `Not Found (fake GitHub has no ${c.req.method} ${c.req.path})`),
  );
  app.onError((error, c) => ghError(c, 500, `fake GitHub crashed: ${error.message}`));
  return app;
}

/** The JSON body of a request, read from a clone (the route reads the original). */
async function jsonBodyOf(req: Request): Promise<unknown> {
  if (!/json/.test(req.headers.get('content-type') ?? '')) return undefined;
  try {
    return JSON.parse(await req.clone().text()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * For a REST operation GitHub documents: lays the fake's JSON answer over GitHub's example of
 * that response (see `openapi.ts`), and records the exchange for the contract test.
 */
async function overlayExample(
  c: Context,
  state: FakeGitHubState,
  request: Omit<ApiExchange, 'status' | 'responseBody' | 'operation'>,
): Promise<void> {
  if (!state.openApi) return;
  const matched = operationFor(request.method, request.path);
  if (!matched) return;
  let responseBody: unknown;
  if (/json/.test(c.res.headers.get('content-type') ?? '')) {
    responseBody = (await c.res.clone().json()) as unknown;
    const example =
      c.res.status < 300 ? responseExample(matched.operation, c.res.status) : undefined;
    if (example !== undefined) {
      const schema = responseMedia(matched.operation, c.res.status)?.schema;
      responseBody = overExample(schema, example, responseBody);
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(JSON.stringify(responseBody), { status: c.res.status, headers });
    }
  }
  state.exchanges.push({
    ...request,
    operation: `${matched.method.toUpperCase()} ${matched.template}`,
    status: c.res.status,
    responseBody,
  });
}

/** Starts a fake GitHub on 127.0.0.1 at a random port. */
export async function createFakeGitHub(state = new FakeGitHubState()): Promise<FakeGitHub> {
  const app = createFakeGitHubApp(state);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve(
        { fetch: app.fetch, hostname: '127.0.0.1', port: 0 },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      );
    },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets of clients would hold close() open; drop them.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export { FakeGitHubState } from './state.js';
export type { FakeEnv } from './http.js';
export { ghError, paginate } from './http.js';
