/** The OpenAPI 3.1 document of the `/v1` API (served at `/v1/openapi.json`). */

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: String(code),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

/** Builds the document for a server at `publicUrl`. */
export function openApiDocument(publicUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'myfav-coworker API',
      version: '1.0.0',
      description:
        "Submit PR simulations (run in the repo's own GitHub Actions) and read their results.",
    },
    servers: [{ url: `${publicUrl}/v1` }],
    security: [{ SessionAuth: [] }],
    components: {
      securitySchemes: { SessionAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: errorSchema,
        SimulationJob: {
          type: 'object',
          required: ['job_id', 'status', 'pr_url', 'created_at'],
          properties: {
            job_id: { type: 'string' },
            user_id: { type: 'string' },
            pr_url: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'running', 'completed', 'failed'] },
            report: {
              type: ['object', 'null'],
              properties: {
                result: { type: 'string', enum: ['pass', 'fail', 'inconclusive', 'error'] },
                summary: { type: 'string' },
                findings: { type: 'integer' },
                criteria: {
                  type: 'object',
                  properties: {
                    pass: { type: 'integer' },
                    fail: { type: 'integer' },
                    other: { type: 'integer' },
                  },
                },
              },
            },
            error: { type: ['string', 'null'], description: 'Why the job failed.' },
            instructions: { type: ['string', 'null'] },
            run_url: { type: ['string', 'null'] },
            artifact_url: {
              type: ['string', 'null'],
              description: 'The report artifact (zip): report, full-size screenshots, trace.',
            },
            report_page_url: {
              type: ['string', 'null'],
              description:
                'The report page once the run finished: report.html uploaded alone, which a browser opens with one click.',
            },
            created_at: { type: 'string', format: 'date-time' },
            updated_at: { type: 'string', format: 'date-time' },
            completed_at: { type: ['string', 'null'], format: 'date-time' },
          },
        },
      },
    },
    paths: {
      '/auth/github': {
        get: {
          summary: 'Initiate GitHub login',
          security: [],
          responses: { '302': { description: 'Redirect to GitHub.' } },
        },
      },
      '/auth/github/callback': {
        get: {
          summary: 'GitHub OAuth callback: returns a session JWT',
          security: [],
          parameters: [
            { in: 'query', name: 'code', required: true, schema: { type: 'string' } },
            { in: 'query', name: 'state', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'Session token.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      token: { type: 'string' },
                      token_type: { type: 'string' },
                      expires_in: { type: 'integer' },
                    },
                  },
                },
              },
            },
            ...errors(400),
          },
        },
      },
      '/simulations': {
        post: {
          summary: 'Submit a simulation of a pull request',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['pr_url'],
                  additionalProperties: false,
                  properties: {
                    pr_url: { type: 'string', example: 'https://github.com/owner/repo/pull/123' },
                    instructions: { type: 'string', maxLength: 4000 },
                  },
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Accepted.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { job_id: { type: 'string' }, status: { type: 'string' } },
                  },
                },
              },
            },
            ...errors(400, 401, 403, 404, 429, 502),
          },
        },
        get: {
          summary: 'List my simulations, newest first',
          parameters: [
            {
              in: 'query',
              name: 'limit',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            { in: 'query', name: 'cursor', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'A page of jobs.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      jobs: {
                        type: 'array',
                        items: { $ref: '#/components/schemas/SimulationJob' },
                      },
                      next_cursor: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
            ...errors(400, 401),
          },
        },
      },
      '/simulations/{jobId}': {
        get: {
          summary: 'Get a simulation job (refreshed from GitHub while it runs)',
          parameters: [{ in: 'path', name: 'jobId', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The job.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/SimulationJob' } },
              },
            },
            ...errors(401, 404),
          },
        },
      },
    },
  };
}
