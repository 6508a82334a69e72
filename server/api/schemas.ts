/**
 * The `/v1` contract as zod schemas: the routes validate requests with them and the OpenAPI
 * document (`/v1/openapi.json`) is generated from them, so the two cannot disagree. A field
 * added to a response goes here (`PublicJobSchema.extend`), and the document follows.
 */
import { z } from '@hono/zod-openapi';
import { JobReportSchema, JobStatusSchema } from '../jobs/model.js';
import { SimulationRequestSchema } from '../jobs/service.js';

/** Every refusal: a stable code and a sentence. */
export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'not_found' }),
    message: z.string(),
  })
  .openapi('Error');

/** A job as REST clients see it (`publicJob`). */
export const PublicJobSchema = z
  .object({
    job_id: z.string(),
    user_id: z.string(),
    pr_url: z.string(),
    status: JobStatusSchema,
    report: JobReportSchema.nullable(),
    error: z.string().nullable().openapi({ description: 'Why the job failed.' }),
    instructions: z.string().nullable(),
    run_url: z.string().nullable(),
    artifact_url: z
      .string()
      .nullable()
      .openapi({ description: 'The report artifact (zip): report, full-size screenshots, trace.' }),
    report_page_url: z.string().nullable().openapi({
      description:
        'The report page once the run finished: report.html uploaded alone, which a browser opens with one click.',
    }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })
  .openapi('SimulationJob');

/** `POST /simulations`: the body the job service accepts (REST and MCP share it). */
export const CreateSimulationSchema = SimulationRequestSchema.extend({}).openapi(
  'SimulationRequest',
);

/** `202` of `POST /simulations`. */
export const CreatedSchema = z
  .object({ job_id: z.string(), status: JobStatusSchema })
  .openapi('SimulationCreated');

/** `GET /simulations`: one page, newest first. */
export const JobPageSchema = z
  .object({ jobs: z.array(PublicJobSchema), next_cursor: z.string().nullable() })
  .openapi('SimulationPage');

/** The query of `GET /simulations`. */
export const ListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int('limit must be an integer from 1 to 100')
    .min(1, 'limit must be an integer from 1 to 100')
    .max(100, 'limit must be an integer from 1 to 100')
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
  cursor: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'cursor is not valid')
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
});

/** The path of `GET /simulations/{jobId}`. */
export const JobParamsSchema = z.object({
  jobId: z.string().openapi({ param: { name: 'jobId', in: 'path' }, example: 'job_AbC123' }),
});

/** What the REST login's GitHub callback answers. */
export const SessionSchema = z
  .object({
    token: z.string().openapi({ description: 'The session JWT: `Authorization: Bearer <token>`.' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
    user: z.object({ user_id: z.string(), github_username: z.string() }),
  })
  .openapi('Session');
