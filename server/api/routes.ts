/**
 * The seed's REST API under `/v1`: submit a simulation (202 `{job_id}`), read one (seed field
 * names, 404 when missing or someone else's), list mine (paginated), and the OpenAPI document
 * of all three, generated from the schemas the routes validate with (`schemas.ts`). Errors are
 * `{error, message}`.
 */
import { OpenAPIHono, createRoute, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { ValidationError } from '../errors.js';
import { publicJob } from '../jobs/model.js';
import type { JobService } from '../jobs/service.js';
import { bodyText } from '../request-body.js';
import {
  CreateSimulationSchema,
  CreatedSchema,
  ErrorSchema,
  JobPageSchema,
  JobParamsSchema,
  ListQuerySchema,
  PublicJobSchema,
  SessionSchema,
} from './schemas.js';

export interface ApiRoutesDeps {
  jobs: JobService;
  /** Run in order before every `/simulations` route: who is calling, then what needs the caller. */
  middleware: MiddlewareHandler<AppEnv>[];
  publicUrl: string;
}

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const refusals = {
  400: json(ErrorSchema, 'Bad body, query or path.'),
  401: json(ErrorSchema, 'Missing, expired or forged session token.'),
  429: json(ErrorSchema, 'Rate limited (`Retry-After`).'),
};

const createSimulation = createRoute({
  method: 'post',
  path: '/simulations',
  summary: 'Start a simulation of a pull request',
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateSimulationSchema } } },
  },
  responses: {
    202: json(CreatedSchema, 'Dispatched; poll `Location`.'),
    ...refusals,
    403: json(ErrorSchema, 'No write access to the repository, or a fork PR.'),
    404: json(ErrorSchema, 'No such pull request or repository, or no workflow in it.'),
    413: json(ErrorSchema, 'The body exceeds 256 KB.'),
    502: json(ErrorSchema, 'GitHub failing.'),
  },
});

const listSimulations = createRoute({
  method: 'get',
  path: '/simulations',
  summary: 'My simulations, newest first',
  request: { query: ListQuerySchema },
  responses: { 200: json(JobPageSchema, 'One page.'), ...refusals },
});

const getSimulation = createRoute({
  method: 'get',
  path: '/simulations/{jobId}',
  summary: 'One simulation, brought up to date',
  request: { params: JobParamsSchema },
  responses: {
    200: json(PublicJobSchema, 'The job.'),
    ...refusals,
    404: json(ErrorSchema, 'No such job of yours.'),
    502: json(ErrorSchema, 'GitHub failing.'),
  },
});

/** The first issue of a failed validation, in the words a caller can act on. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    return `Unknown field(s): ${issue.keys.join(', ')}. Send pr_url and optionally instructions.`;
  if (issue?.code === 'invalid_type' && issue.path.length === 0)
    return 'The body must be a JSON object with pr_url.';
  return issue?.message ?? 'The request is not valid.';
}

/** Reads the body as JSON first, so text that is not JSON is named as such (`invalid_json`). */
const jsonBody = createMiddleware<AppEnv>(async (c, next) => {
  try {
    JSON.parse(await bodyText(c));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ValidationError(
      'The body must be JSON: {"pr_url": "https://github.com/owner/repo/pull/1"}',
      'invalid_json',
    );
  }
  await next();
});

/** Builds the `/v1` routes (mounted at `/v1`). */
export function createApiRoutes(deps: ApiRoutesDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(describe(result.error));
    },
  });
  // `/simulations/*` covers `/simulations` itself too.
  app.use('/simulations/*', ...deps.middleware);
  app.post('/simulations', jsonBody);

  app.openapi(createSimulation, async (c) => {
    const job = await deps.jobs.create(c.get('user'), c.req.valid('json'), c.var.log);
    c.header('Location', `/v1/simulations/${job.job_id}`);
    return c.json({ job_id: job.job_id, status: job.status }, 202);
  });

  app.openapi(listSimulations, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await deps.jobs.list(c.get('user'), { limit, cursor: cursor ?? null });
    return c.json({ jobs: page.jobs.map(publicJob), next_cursor: page.next_cursor }, 200);
  });

  app.openapi(getSimulation, async (c) => {
    const { jobId } = c.req.valid('param');
    const job = await deps.jobs.get(c.get('user'), jobId, () => c.var.log);
    return c.json(publicJob(job), 200);
  });

  documentLogin(app);
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'myfav-coworker API',
      version: '1.0.0',
      description:
        "Submit PR simulations (run in the repo's own GitHub Actions) and read their results.",
    },
    servers: [{ url: `${deps.publicUrl}/v1` }],
    security: [{ SessionAuth: [] }],
  });
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}

/**
 * The REST login is served with the MCP login (`auth/routes/github-callback.ts`); it is in the
 * document so a REST client finds how to get a token.
 */
function documentLogin(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'SessionAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registry.registerPath({
    method: 'get',
    path: '/auth/github',
    summary: 'Initiate GitHub login',
    security: [],
    responses: { 302: { description: 'Redirect to GitHub.' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/auth/github/callback',
    summary: 'GitHub OAuth callback: returns a session JWT',
    security: [],
    responses: {
      200: json(SessionSchema, 'The session.'),
      400: json(ErrorSchema, 'A refused, replayed or foreign login.'),
    },
  });
}
