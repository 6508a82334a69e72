/**
 * The action's inputs: read once, validated with zod, every problem named in one error (like
 * actions/checkout's settings object), secrets masked before anything can log them.
 */
import * as core from '@actions/core';
import { z } from 'zod';
import { JobIdSchema } from '../contract/index.js';

/** Every input of action.yml, with its default. action.yml and the README must list the same. */
export const INPUT_DEFAULTS = {
  'start-command': '',
  url: '',
  'working-directory': '.',
  'ready-timeout': '120',
  instructions: '',
  'pr-number': '',
  'job-id': '',
  'anthropic-api-key': '',
  model: '',
  'model-provider': 'anthropic',
  'model-region': '',
  'model-project': '',
  'max-steps': '30',
  'timeout-minutes': '10',
  'max-cost': '',
  viewport: 'desktop',
  'browser-path': '',
  'storage-state': '',
  secrets: '',
  'github-token': '',
  comment: 'true',
  'fail-on': 'fail',
  'artifact-name': '',
  'allow-fork-code': 'false',
  'compare-base': 'auto',
  'fail-on-preexisting': 'false',
  'base-setup': '',
  'coverage-floor': '30',
  'change-coverage-floor': '50',
} as const;

/** An input name. */
export type InputName = keyof typeof INPUT_DEFAULTS;

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s));

const bool = (name: string) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .refine((s) => ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'].includes(s), {
      message: `${name} must be true or false`,
    })
    .transform((s) => ['true', 'yes', 'on', '1'].includes(s));

const positiveInt = (name: string, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { message: `${name} must be between 1 and ${max}` });

/** Raw strings (as the runner passes them) → typed settings. */
export const ActionInputsSchema = z
  .object({
    'start-command': optionalText,
    url: z
      .string()
      .trim()
      .min(1, 'url is required (the address the app listens on, e.g. http://localhost:3000)')
      .refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), {
        message: 'url must be an http:// or https:// address',
      }),
    'working-directory': z.string().trim().min(1, 'working-directory must not be empty'),
    'ready-timeout': positiveInt('ready-timeout (seconds)', 3600),
    instructions: optionalText.pipe(
      z.string().max(8000, 'instructions must be at most 8000 characters').optional(),
    ),
    'pr-number': optionalText.pipe(
      z
        .string()
        .regex(/^[1-9][0-9]*$/, 'pr-number must be a positive whole number')
        .transform(Number)
        .optional(),
    ),
    'job-id': optionalText.pipe(JobIdSchema.optional()),
    'anthropic-api-key': optionalText,
    model: optionalText,
    'model-provider': z.enum(['anthropic', 'bedrock', 'vertex'], {
      message: 'model-provider must be anthropic, bedrock or vertex',
    }),
    'model-region': optionalText,
    'model-project': optionalText,
    'max-steps': positiveInt('max-steps', 500),
    'timeout-minutes': positiveInt('timeout-minutes', 360),
    'max-cost': optionalText.pipe(
      z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'max-cost must be a number of US dollars, like 0.50')
        .transform(Number)
        .optional(),
    ),
    viewport: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['desktop', 'mobile'], { message: 'viewport must be desktop or mobile' })),
    'browser-path': optionalText,
    'storage-state': optionalText,
    secrets: z.string().transform(splitSecrets),
    'github-token': optionalText,
    comment: bool('comment'),
    'fail-on': z
      .string()
      .trim()
      .toLowerCase()
      .pipe(
        z.enum(['fail', 'inconclusive', 'never'], {
          message: 'fail-on must be fail, inconclusive or never',
        }),
      ),
    'artifact-name': optionalText.pipe(
      z
        .string()
        .regex(
          /^[^"<>|*?\r\n\\/:]+$/,
          'artifact-name must not contain " : < > | * ? \\ / or newlines',
        )
        .optional(),
    ),
    'allow-fork-code': bool('allow-fork-code'),
    'compare-base': z
      .string()
      .trim()
      .toLowerCase()
      .pipe(
        z.enum(['auto', 'true', 'false'], { message: 'compare-base must be auto, true or false' }),
      ),
    'fail-on-preexisting': bool('fail-on-preexisting'),
    'base-setup': optionalText,
    'coverage-floor': z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'coverage-floor must be a percentage from 0 to 100, like 30')
      .transform(Number)
      .refine((n) => n <= 100, { message: 'coverage-floor must be a percentage from 0 to 100' }),
    'change-coverage-floor': z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'change-coverage-floor must be a percentage from 0 to 100, like 50')
      .transform(Number)
      .refine((n) => n <= 100, {
        message: 'change-coverage-floor must be a percentage from 0 to 100',
      }),
  })
  .superRefine((inputs, ctx) => {
    // The base must run its own code: without a start command the only app is the PR's.
    if (inputs['compare-base'] === 'true' && !inputs['start-command']) {
      ctx.addIssue({
        code: 'custom',
        path: ['compare-base'],
        message:
          "compare-base: true needs start-command: the base's code must be started on its own, and an app already running is the PR's",
      });
    }
  });

/** Validated inputs. */
export type ActionInputs = z.output<typeof ActionInputsSchema>;

/** Thrown when inputs are invalid; its message lists every problem, one per line. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid inputs (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InputError';
  }
}

/** Secrets are given one per line (or comma-separated); blank entries are ignored. */
function splitSecrets(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Parses inputs read by `read` (the runner's `INPUT_*` through @actions/core by default).
 * Throws one InputError naming every bad input.
 */
export function parseInputs(read: (name: InputName) => string): ActionInputs {
  const raw = Object.fromEntries(
    (Object.keys(INPUT_DEFAULTS) as InputName[]).map((name) => {
      const value = read(name);
      return [name, value === '' ? INPUT_DEFAULTS[name] : value];
    }),
  );
  const parsed = ActionInputsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'inputs');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new InputError([...new Set(problems)]);
  }
  return parsed.data;
}

/**
 * Reads and validates the runner's inputs, and masks every secret value (the API key, the
 * token, the `secrets` list) so nothing later can print them, even in a failure.
 */
export function readInputs(): ActionInputs {
  // Mask before validating: a bad input must not print a secret in the error either.
  for (const name of ['anthropic-api-key', 'github-token'] as const) {
    const value = core.getInput(name).trim();
    if (value) core.setSecret(value);
  }
  for (const secret of splitSecrets(core.getInput('secrets'))) core.setSecret(secret);
  return parseInputs((name) => core.getInput(name));
}
