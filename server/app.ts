/**
 * createApp(deps): the whole server as one Hono app — OAuth for MCP clients, the `/v1` REST API,
 * the `/mcp` endpoint — over injected collaborators (config, store, GitHub client factory,
 * clock, logger). It keeps no state in process: every instance on the same store is the same.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { accessLogger } from './access-log.js';
import { createApiRoutes } from './api/routes.js';
import { openApiDocument } from './api/openapi.js';
import { GitHubLogin } from './auth/github-login.js';
import { freshGitHubToken } from './auth/fresh-github-token.js';
import { requireMcpToken, requireSession } from './auth/authenticate.js';
import { allowedMcpOrigins, requireAllowedOrigin } from './auth/origin.js';
import { clientIp, rateLimit } from './auth/rate-limit.js';
import { createAuthRoutes } from './auth/routes.js';
import { SessionTokens } from './auth/session.js';
import { OAuthTokens } from './auth/tokens.js';
import type { Config } from './config.js';
import type { AppEnv } from './context.js';
import type { Logger } from './logger.js';
import { AppError } from './errors.js';
import { guardMiddleware, withGuards } from './guards.js';
import type { GitHubClientFactory } from './github/github-api.js';
import { JobService } from './jobs/service.js';
import { LazyLogContext } from './mcp/context.js';
import { handleMcpRequest } from './mcp/server.js';
import { attachRequestScope, correlationIdOf, requestLog } from './request-scope.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Config;
  store: Store;
  github: GitHubClientFactory;
  logger: Logger;
  clock?: () => number;
  /** Poll interval of `get_simulation` waits (tests shorten it). */
  pollIntervalMs?: number;
  /** The caller's address for per-IP limits; defaults to the Node socket's peer. */
  clientIp?: (c: { env: unknown; req: { header: (name: string) => string | undefined } }) => string;
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

/** Builds the app. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const clock = deps.clock ?? Date.now;
  const { config, store } = deps;
  const ipOf = deps.clientIp ?? clientIp;
  const sessions = new SessionTokens(
    config.signingKey,
    config.publicUrl,
    `${config.publicUrl}/v1`,
    config.ttl.session,
    clock,
  );
  const tokens = new OAuthTokens(store, config.ttl, clock);
  const login = new GitHubLogin(config, store, deps.github, clock);
  const jobs = new JobService({
    store,
    github: deps.github,
    config,
    clock,
    logger: deps.logger,
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });

  const fresh = (kind: 'mcp' | 'rest') => freshGitHubToken({ config, store, clock }, kind);
  const app = new Hono<AppEnv>();

  // No route reads an unbounded body: login forms and registrations are small, MCP calls and
  // API requests bounded; anything larger is refused before it is read. One check per request
  // that can carry a body; reads skip it (asking the Node adapter for a GET's body would build a
  // full Request on the hot read path).
  const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> => {
    const tooLarge = (c: Context<AppEnv>) =>
      c.json(
        { error: 'payload_too_large', message: `The request body exceeds ${maxSize} bytes.` },
        413,
      );
    const counted = bodyLimit({ maxSize, onError: tooLarge });
    return (c, next) => {
      // A declared length is all Node's parser will deliver, so it decides without touching
      // the body (which would make the Node adapter build a full Request); only chunked or
      // undeclared bodies are counted as they stream.
      const length = c.req.header('content-length');
      if (length && /^\d{1,15}$/.test(length) && !c.req.header('transfer-encoding')) {
        return Number(length) > maxSize ? Promise.resolve(tooLarge(c)) : next();
      }
      return counted(c, next);
    };
  };
  const smallBody = limitBody(64 * 1024);
  const mcpBody = limitBody(1024 * 1024);
  const apiBody = limitBody(256 * 1024);
  const smallBodyPrefixes = ['/oauth', '/auth', '/v1/auth'];
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', (c, next) => {
    const path = c.req.path;
    if (path === '/mcp') return mcpBody(c, next);
    const small = smallBodyPrefixes.some((p) => path === p || path.startsWith(`${p}/`));
    return (small ? smallBody : apiBody)(c, next);
  });

  const perIp = rateLimit({
    store,
    limit: config.rateLimits.authPerIp,
    windowSeconds: config.rateLimits.windowSeconds,
    clock,
    key: (c) => ipOf(c),
    name: 'ip',
  });
  const perUser = rateLimit({
    store,
    limit: config.rateLimits.apiPerUser,
    windowSeconds: config.rateLimits.windowSeconds,
    clock,
    key: (c) => c.get('user').user_id,
    name: 'user',
  });
  // Browser-based MCP clients (e.g. the MCP Inspector) call discovery, registration, token and
  // /mcp cross-origin. Bearer tokens, not cookies, authorize those, so no credentials mode.
  const apiCors = cors({
    origin: '*',
    allowHeaders: MCP_CORS_HEADERS.allow,
    exposeHeaders: MCP_CORS_HEADERS.expose,
  });
  for (const path of ['/.well-known/*', '/oauth/token', '/oauth/register', '/oauth/revoke']) {
    app.use(path, apiCors);
  }
  // /mcp answers browsers only from allowed origins (and refuses others with 403 below).
  const mcpOrigins = allowedMcpOrigins(config);
  const mcpCors = cors({
    origin: (origin) => (mcpOrigins.includes(origin) ? origin : null),
    allowHeaders: MCP_CORS_HEADERS.allow,
    exposeHeaders: MCP_CORS_HEADERS.expose,
  });
  // Only browsers send Origin, and only they read CORS headers; other clients skip the
  // middleware, whose header writes would make Hono rebuild every MCP response.
  app.use('/mcp', (c, next) => (c.req.header('origin') ? mcpCors(c, next) : next()));
  const perIpGroup = guardMiddleware(perIp);
  for (const path of ['/oauth/*', '/v1/auth/*', '/auth/*']) app.use(path, perIpGroup);

  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/', createAuthRoutes({ config, store, login, tokens, sessions, clock }));
  app.get('/v1/openapi.json', (c) => c.json(openApiDocument(config.publicUrl)));
  app.route(
    '/v1',
    createApiRoutes({
      jobs,
      guards: [requireSession(sessions, store), fresh('rest'), perUser],
    }),
  );

  app.all(
    '/mcp',
    withGuards(
      [requireAllowedOrigin(config), requireMcpToken(config, tokens, store), fresh('mcp'), perUser],
      (c) => {
        const user = c.get('user');
        const log = () => requestLog(c).child({ user_id: user.user_id });
        return handleMcpRequest(c.req.raw, new LazyLogContext(user, jobs, config, log));
      },
    ),
  );

  app.notFound((c) =>
    c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError((error, c) => {
    if (error instanceof AppError) {
      if (error.status >= 500) requestLog(c).warn({ err: error }, 'upstream failure');
      return c.json({ error: error.code, message: error.message }, error.status as 400);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: 'http_error', message: error.message }, error.status);
    }
    requestLog(c).error({ err: error }, 'unhandled error');
    return c.json(
      {
        error: 'internal',
        message: `Internal error (correlation id ${correlationIdOf(c)}).`,
      },
      500,
    );
  });
  // Correlation id and one access line per request (path only: queries carry codes).
  return attachRequestScope(app, deps.logger, accessLogger(deps.logger));
}
