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
import { Hono } from 'hono';
import { registerArtifactService } from './artifacts.js';
import { registerRest } from './rest.js';
import { registerOAuth } from './oauth.js';
import { registerWorkflows } from './workflows.js';
import type { FakeEnv } from './http.js';
import { bearerOf, ghError } from './http.js';
import { FakeGitHubState } from './state.js';

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
    await next();
    record.status = c.res.status;
  });

  for (const register of REGISTRARS) register(app, state);

  app.notFound((c) =>
    ghError(c, 404, `Not Found (fake GitHub has no ${c.req.method} ${c.req.path})`),
  );
  app.onError((error, c) => ghError(c, 500, `fake GitHub crashed: ${error.message}`));
  return app;
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
