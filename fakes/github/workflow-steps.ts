/**
 * How the fake runner reads and runs a workflow's steps: the job's steps as GitHub's parser gives
 * them, `${{ }}` expressions evaluated by GitHub's expression engine, and the `name<<DELIM` file
 * commands (GITHUB_OUTPUT, GITHUB_STATE) a step writes back.
 */
import { parse as parseYaml } from 'yaml';
import { evaluateExpression, readWorkflowFile } from './workflow-file.js';

/** A step of the workflow's job, as the runner reads it. */
export interface WorkflowStep {
  /** The step's condition, an expression without `${{ }}`. */
  if: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/** The contexts `${{ … }}` expressions in `if:`, `with:` and `run:` may read. */
export interface ExpressionContexts {
  inputs: Record<string, string>;
  secrets: Record<string, string>;
  env: Record<string, string>;
  github: Record<string, unknown>;
}

/** Replaces each `${{ … }}` of a `with:` or `run:` value by its value (GitHub's engine). */
export function evaluate(value: string, contexts: ExpressionContexts): string {
  return value.replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) =>
    evaluateExpression(expr, { ...contexts }).coerceString(),
  );
}

/**
 * The steps of the workflow's only job, read by GitHub's parser (which gives each step's `if:`,
 * `success()` by default); `with:` comes from the YAML, which the parser's model leaves out.
 */
export async function jobSteps(workflowPath: string, workflow: string): Promise<WorkflowStep[]> {
  const file = await readWorkflowFile(workflowPath, workflow);
  if (!file.template) throw new Error(`Invalid workflow file: ${file.errors.join('; ')}`);
  const jobs = file.template.jobs;
  if (jobs.length !== 1) throw new Error(`the workflow must have one job (found ${jobs.length})`);
  const job = jobs[0] as { steps?: { if?: { expr?: string } }[] };
  const doc = parseYaml(workflow) as { jobs?: Record<string, { steps?: WorkflowStep[] }> } | null;
  const raw = Object.values(doc?.jobs ?? {})[0]?.steps ?? [];
  return raw.map((step, i) => ({ ...step, if: job.steps?.[i]?.if?.expr ?? 'success()' }));
}

/** Parses GITHUB_OUTPUT / GITHUB_STATE (`name<<DELIM\nvalue\nDELIM`); the last value wins. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delim] = match;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delim; i += 1) value.push(lines[i] ?? '');
    out[name] = value.join('\n');
  }
  return out;
}
