/**
 * The CLI's flags: parsed with node's parseArgs (unknown flags are errors), then checked with
 * zod so every bad value is named in one message.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Thrown for bad command-line input; its message is one line meant for the user. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: myfav-coworker run --url URL [options]

Tests a change in a real browser and writes a report (report.html, report.md, report.json).

Options:
  --start CMD          shell command that starts the app (omit if the app already runs at --url)
  --url URL            where the app answers once started (http or https)
  --cwd DIR            folder to run the command and git in (default: current folder)
  --base REF           read the change as \`git diff REF...HEAD\`
  --diff-file FILE     read the change from a unified diff file (instead of --base)
  --compare-base       also run the same session on the merge base of --base and HEAD: only
                       what the PR brought fails it (findings: new, preexisting or flaky);
                       needs --start, to start the base's own code
  --fail-on-preexisting  with --compare-base, errors already on the base fail the run too
  --base-setup CMD     with --compare-base, installs the base's dependencies when its lockfile
                       differs (otherwise the checkout's node_modules is shared)
  --instructions TEXT  what to focus on, in your words
  --max-steps N        step budget (default 30)
  --timeout S          wall-clock budget for the browser session in seconds (default 300)
  --ready-timeout S    how long to wait for the app to answer (default 60)
  --viewport V         desktop or mobile (default desktop)
  --out DIR            report folder (default ./coworker-report)
  --browser PATH       browser executable to use
  --secret NAME        environment variable holding a secret: withheld from the app, redacted
                       everywhere (repeatable)
  --allow-origin URL   another origin the browser may navigate to (repeatable)
  --storage-state FILE log in before the run: a Playwright storage state (cookies, localStorage)
  --model ID           Claude model (with ANTHROPIC_API_KEY, or the provider's model id)
  --provider P         anthropic (default), bedrock (AWS credentials) or vertex (Google
                       credentials): where the agent's model runs
  --region R           the Bedrock or Vertex region (default: AWS_REGION / CLOUD_ML_REGION)
  --project ID         the Google Cloud project for Vertex (default: ANTHROPIC_VERTEX_PROJECT_ID)
  --max-cost USD       stop the agent once its estimated cost reaches this (inconclusive)
  --max-tokens N       stop the agent once it has used this many tokens (inconclusive)
  --price-table FILE   JSON price table for the cost estimate (default: built in)
  --explore            run the deterministic exploration even when ANTHROPIC_API_KEY is set
  --coverage-floor PCT exploration: the share of pages and controls seen that must be exercised
                       for a pass (default 30); under it the run is inconclusive
  --change-coverage-floor PCT
                       the share of the diff's changed executable lines that must run in the
                       session for a pass (default 50); under it the run is inconclusive
  --headed             show the browser window
  --json               print report.json to stdout instead of the summary
  -h, --help           show this help
  -v, --version        show the version

Without ANTHROPIC_API_KEY it explores the app deterministically (no model, no cost).
Exit codes: 0 pass, 1 fail, 2 inconclusive (also when there is nothing to test: an empty
change, or only docs the app never served),
3 error (the app or browser broke), 64 bad input, 70 a bug in myfav-coworker itself.`;

const OPTIONS = {
  start: { type: 'string' },
  url: { type: 'string' },
  cwd: { type: 'string' },
  base: { type: 'string' },
  'diff-file': { type: 'string' },
  'compare-base': { type: 'boolean' },
  'fail-on-preexisting': { type: 'boolean' },
  'base-setup': { type: 'string' },
  instructions: { type: 'string' },
  'max-steps': { type: 'string' },
  timeout: { type: 'string' },
  'ready-timeout': { type: 'string' },
  viewport: { type: 'string' },
  out: { type: 'string' },
  browser: { type: 'string' },
  secret: { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
  model: { type: 'string' },
  provider: { type: 'string' },
  region: { type: 'string' },
  project: { type: 'string' },
  'max-cost': { type: 'string' },
  'max-tokens': { type: 'string' },
  'price-table': { type: 'string' },
  'storage-state': { type: 'string' },
  explore: { type: 'boolean' },
  'coverage-floor': { type: 'string' },
  'change-coverage-floor': { type: 'string' },
  headed: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const positiveInt = (flag: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `${flag} must be at least 1`)
        .max(max, `${flag} must be at most ${max}`),
    );

const httpUrl = (flag: string) =>
  z.string().refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `${flag} must be an http(s) URL, like http://localhost:3000`);

const RunFlagsSchema = z
  .object({
    start: z.string().trim().min(1, '--start must not be empty').optional(),
    url: httpUrl('--url').optional(),
    cwd: z.string().optional(),
    base: z.string().min(1).optional(),
    'diff-file': z.string().min(1).optional(),
    'compare-base': z.boolean().default(false),
    'fail-on-preexisting': z.boolean().default(false),
    'base-setup': z.string().trim().min(1, '--base-setup must not be empty').optional(),
    instructions: z.string().max(8000, '--instructions is limited to 8000 characters').optional(),
    'max-steps': positiveInt('--max-steps', 500).default(30),
    timeout: positiveInt('--timeout', 24 * 3600).default(300),
    'ready-timeout': positiveInt('--ready-timeout', 3600).default(60),
    viewport: z
      .enum(['desktop', 'mobile'], { message: '--viewport must be desktop or mobile' })
      .default('desktop'),
    out: z.string().default('coworker-report'),
    browser: z.string().optional(),
    secret: z
      .array(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '--secret takes an environment variable name'),
      )
      .default([]),
    'allow-origin': z.array(httpUrl('--allow-origin')).default([]),
    model: z.string().optional(),
    provider: z
      .enum(['anthropic', 'bedrock', 'vertex'], {
        message: '--provider must be anthropic, bedrock or vertex',
      })
      .default('anthropic'),
    region: z.string().min(1).optional(),
    project: z.string().min(1).optional(),
    'max-cost': z
      .string()
      .regex(/^\d+(\.\d+)?$/, '--max-cost is a number of US dollars, like 0.50')
      .transform(Number)
      .optional(),
    'max-tokens': positiveInt('--max-tokens', 100_000_000).optional(),
    'price-table': z.string().min(1).optional(),
    'storage-state': z.string().min(1).optional(),
    explore: z.boolean().default(false),
    'coverage-floor': z
      .string()
      .regex(/^\d+(\.\d+)?$/, '--coverage-floor is a percentage from 0 to 100, like 30')
      .transform(Number)
      .refine((n) => n <= 100, { message: '--coverage-floor is a percentage from 0 to 100' })
      .optional(),
    'change-coverage-floor': z
      .string()
      .regex(/^\d+(\.\d+)?$/, '--change-coverage-floor is a percentage from 0 to 100, like 50')
      .transform(Number)
      .refine((n) => n <= 100, {
        message: '--change-coverage-floor is a percentage from 0 to 100',
      })
      .optional(),
    headed: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .superRefine((flags, ctx) => {
    if (!flags.url) ctx.addIssue({ code: 'custom', message: '--url is required' });
    if (flags.provider === 'bedrock' && !flags.model)
      ctx.addIssue({
        code: 'custom',
        message: '--provider bedrock needs --model: a Bedrock model id or inference profile',
      });
    if (flags.base && flags['diff-file']) {
      ctx.addIssue({ code: 'custom', message: 'give either --base or --diff-file, not both' });
    }
    checkCompareFlags(flags, ctx);
  });

/** --compare-base needs the base ref; its companions need --compare-base. */
function checkCompareFlags(
  flags: {
    start?: string;
    base?: string;
    'compare-base': boolean;
    'fail-on-preexisting': boolean;
    'base-setup'?: string;
  },
  ctx: z.RefinementCtx,
): void {
  if (flags['compare-base'] && !flags.base) {
    ctx.addIssue({
      code: 'custom',
      message: '--compare-base needs --base REF (the branch the PR goes into)',
    });
  }
  if (flags['compare-base'] && !flags.start) {
    // Without a start command the base run would test the app already running: the PR's own
    // code, so every new error would look preexisting and a broken PR would pass.
    ctx.addIssue({
      code: 'custom',
      message:
        "--compare-base needs --start CMD: the base's code must be started on its own, and the app already running at --url is this change's",
    });
  }
  for (const flag of ['fail-on-preexisting', 'base-setup'] as const) {
    if (flags[flag] && !flags['compare-base']) {
      ctx.addIssue({ code: 'custom', message: `--${flag} only applies with --compare-base` });
    }
  }
}

export type RunFlags = z.output<typeof RunFlagsSchema> & { url: string };

export type ParsedCommand =
  { command: 'help' } | { command: 'version' } | { command: 'run'; flags: RunFlags };

/** Parses argv (without node and script); throws UsageError naming every problem. */
export function parseCli(argv: string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(cleanParseError(error as Error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError('missing command: try `myfav-coworker run --url URL`');
  if (command !== 'run')
    throw new UsageError(`unknown command "${command}": the command is \`run\``);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (flags start with --)`);
  const checked = RunFlagsSchema.safeParse(values);
  if (!checked.success) {
    throw new UsageError(checked.error.issues.map((issue) => issue.message).join('; '));
  }
  return { command: 'run', flags: checked.data as RunFlags };
}

function cleanParseError(error: Error): string {
  // parseArgs messages are long and mention "strict"; keep the part a user needs.
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown flag ${unknown[1]} (see --help)`;
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(error.message);
  if (missing?.[1]) return `${missing[1].replace(/^-\w, /, '')} needs a value`;
  return error.message.split('\n')[0] ?? error.message;
}
