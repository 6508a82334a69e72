/**
 * createApp(deps): the whole server as one Hono app — OAuth for MCP clients, the `/v1` REST API,
 * the `/mcp` endpoint — over injected collaborators (config, store, GitHub client factory,
 * clock, logger). It keeps no state in process: every instance on the same store is the same.
 *
 * Every request passes the correlation id and access log middleware; bodies are bounded before
 * they are read; routes that need a caller run authentication, token freshness and rate limit
 * middleware. Refusals are `HTTPException`s (`refusal()`), domain errors `AppError`s: one
 * `onError` answers both as `{error, message}`.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { accessLog } from './access-log.js';
import { createApiRoutes } from './api/routes.js';
import { requireMcpToken, requireSession } from './auth/authenticate.js';
import { freshGitHubToken } from './auth/fresh-github-token.js';
import { GitHubLogin } from './auth/github-login.js';
import { allowedMcpOrigins, requireAllowedOrigin } from './auth/origin.js';
import { limiter, rateLimit, type RateLimitOptions } from './auth/rate-limit.js';
import { createAuthRoutes } from './auth/routes.js';
import { SessionTokens } from './auth/session.js';
import { OAuthTokens } from './auth/tokens.js';
import { clientAddressResolver, type ClientAddressResolver } from './client-address.js';
import type { Config } from './config.js';
import type { AppEnv } from './context.js';
import { correlationId } from './correlation-id.js';
import { AppError, BodyReadError } from './errors.js';
import type { GitHubClientFactory } from './github/github-api.js';
import { JobService } from './jobs/service.js';
import type { Logger } from './logger.js';
import { handleMcpRequest } from './mcp/server.js';
import { bodyText, limitBody } from './request-body.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Config;
  store: Store;
  github: GitHubClientFactory;
  logger: Logger;
  clock?: () => number;
  /** Poll interval of `get_simulation` waits (tests shorten it). */
  pollIntervalMs?: number;
  /** The caller's address for per-address limits; by default as `config.clientAddress` says. */
  clientAddress?: ClientAddressResolver;
}

const MCP_CORS_HEADERS = {
  allow: [
    'Authorization',
    'Content-Type',
    'Mcp-Protocol-Version',
    'Mcp-Session-Id',
    'Last-Event-ID',
  ],
  expose: ['WWW-Authenticate', 'Mcp-Session-Id', 'Mcp-Protocol-Version', 'X-Correlation-Id'],
};

const SMALL_BODY_PREFIXES = ['/oauth', '/auth', '/v1/auth'];

/** The body limit of a path: 1 MB on `/mcp`, 64 KB on login routes, 256 KB elsewhere. */
function bodyLimits() {
  const mcp = limitBody(1024 * 1024);
  const small = limitBody(64 * 1024);
  const api = limitBody(256 * 1024);
  return createMiddleware<AppEnv>((c, next) => {
    const path = c.req.path;
    if (path === '/mcp') return mcp(c, next);
    const isSmall = SMALL_BODY_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
    return (isSmall ? small : api)(c, next);
  });
}

/** The one error handler: refusals as they were made, domain errors as `{error, message}`. */
function answerError(error: Error, c: Context<AppEnv>): Response {
  const log = c.var.log;
  if (error instanceof HTTPException) {
    if (error.res) return error.getResponse();
    return c.json({ error: 'http_error', message: error.message }, error.status);
  }
  if (error instanceof AppError) {
    if (error instanceof BodyReadError) log.warn({ err: error }, 'request body unreadable');
    else if (error.status >= 500) log.warn({ err: error }, 'upstream failure');
    return c.json({ error: error.code, message: error.message }, error.status as 400);
  }
  log.error({ err: error }, 'unhandled error');
  const message = `Internal error (correlation id ${c.var.correlationId}).`;
  return c.json({ error: 'internal', message }, 500);
}

/** What the routes are built from: made once per app, shared by its routes. */
interface Services {
  config: Config;
  store: Store;
  clock: () => number;
  sessions: SessionTokens;
  tokens: OAuthTokens;
  login: GitHubLogin;
  jobs: JobService;
  /** Options of the per-address limits (login routes, and MCP tokens that fail). */
  perIp: RateLimitOptions;
  /** The per-user limit of API and MCP calls. */
  perUser: MiddlewareHandler<AppEnv>;
}

function services(deps: AppDeps): Services {
  const clock = deps.clock ?? Date.now;
  const { config, store } = deps;
  const limits = config.rateLimits;
  const window = { store, windowSeconds: limits.windowSeconds, clock };
  return {
    config,
    store,
    clock,
    sessions: new SessionTokens(
      config.signingKey,
      config.publicUrl,
      `${config.publicUrl}/v1`,
      config.ttl.session,
      clock,
    ),
    tokens: new OAuthTokens(store, config.ttl, clock),
    login: new GitHubLogin(config, store, deps.github, clock),
    jobs: new JobService({
      store,
      github: deps.github,
      config,
      clock,
      logger: deps.logger,
      ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    }),
    perIp: {
      ...window,
      limit: limits.authPerIp,
      key: deps.clientAddress ?? clientAddressResolver(config.clientAddress),
      name: 'ip',
    },
    perUser: rateLimit({
      ...window,
      limit: limits.apiPerUser,
      key: (c) => c.get('user').user_id,
      name: 'user',
    }),
  };
}

/**
 * Browser-based MCP clients (e.g. the MCP Inspector) call discovery, registration, token and
 * /mcp cross-origin. Bearer tokens, not cookies, authorize those, so no credentials mode.
 */
function useCors(app: Hono<AppEnv>, config: Config): void {
  const apiCors = cors({
    origin: '*',
    allowHeaders: MCP_CORS_HEADERS.allow,
    exposeHeaders: MCP_CORS_HEADERS.expose,
  });
  for (const path of ['/.well-known/*', '/oauth/token', '/oauth/register', '/oauth/revoke']) {
    app.use(path, apiCors);
  }
  // /mcp answers browsers only from allowed origins (the origin check refuses others with 403).
  // CORS concerns browsers, which always send an Origin; other MCP clients never do, and Hono's
  // cors readies the answer's headers before the handler, which makes Hono copy the handler's
  // answer into a new stream-backed Response.
  const mcpOrigins = allowedMcpOrigins(config);
  const mcpCors = cors({
    origin: (origin) => (mcpOrigins.includes(origin) ? origin : null),
    allowHeaders: MCP_CORS_HEADERS.allow,
    exposeHeaders: MCP_CORS_HEADERS.expose,
  });
  app.use('/mcp', (c, next) => (c.req.header('origin') ? mcpCors(c, next) : next()));
}

/** `/mcp`: POST answered by the MCP endpoint, for the holder of an MCP access token. */
function mcpRoutes(s: Services): Hono<AppEnv> {
  const { config, store, clock, jobs } = s;
  const mcp = new Hono<AppEnv>();
  // A present, foreign Origin is refused whatever the method (CORS preflights are answered before).
  mcp.use(requireAllowedOrigin(config));
  mcp.post(
    '/',
    requireMcpToken(config, s.tokens, store, limiter({ ...s.perIp, name: 'mcp-ip' })),
    freshGitHubToken({ config, store, clock }, 'mcp'),
    s.perUser,
    async (c) => {
      const user = c.get('user');
      const log = c.var.logWith({ user_id: user.user_id });
      const ctx = { user, jobs, config, log };
      const answer = await handleMcpRequest(c.req.raw, await bodyText(c), ctx);
      if (answer instanceof Response) return answer;
      return c.body(answer.json, 200, { 'Content-Type': 'application/json' });
    },
  );
  // Stateless, without a stream: no GET (server-sent events) and no DELETE (sessions).
  mcp.all('/', (c) =>
    c.json(
      {
        error: 'method_not_allowed',
        message: '/mcp answers POST only: this server keeps no stream or session.',
      },
      405,
      { Allow: 'POST' },
    ),
  );
  return mcp;
}

/** Builds the app. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const s = services(deps);
  const { config, store, clock } = s;
  const app = new Hono<AppEnv>();
  app.use(correlationId(deps.logger), accessLog());
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', bodyLimits());
  useCors(app, config);
  const perIp = rateLimit(s.perIp);
  for (const path of ['/oauth/*', '/v1/auth/*', '/auth/*']) app.use(path, perIp);

  app.get('/health', (c) => c.json({ ok: true }));
  const { login, tokens, sessions } = s;
  app.route('/', createAuthRoutes({ config, store, login, tokens, sessions, clock }));
  const rest = [requireSession(sessions, store), freshGitHubToken(s, 'rest'), s.perUser];
  app.route(
    '/v1',
    createApiRoutes({ jobs: s.jobs, middleware: rest, publicUrl: config.publicUrl }),
  );
  app.route('/mcp', mcpRoutes(s));
  app.notFound((c) =>
    c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError(answerError);
  return app;
}
