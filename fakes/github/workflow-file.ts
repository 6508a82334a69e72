/**
 * Reads a workflow file the way GitHub does, with GitHub's own parser and expression engine
 * (`@actions/workflow-parser`, `@actions/expressions`, from actions/languageservices): the
 * fake's dispatch route and runner use it, so a workflow GitHub would refuse (a cut
 * expression, a missing trigger, undeclared inputs) is refused here too, with GitHub's words.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  isBasicExpression,
  isMapping,
  isString,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';

/** A declared `workflow_dispatch` input. */
export interface DeclaredInput {
  type: string;
  required: boolean;
  default?: string | boolean | number;
  options?: string[];
}

/** A workflow file as GitHub reads it. */
export interface WorkflowFile {
  path: string;
  /** GitHub's own parse errors (`path (Line: L, Col: C): …`); empty when the file is valid. */
  errors: string[];
  /** The `workflow_dispatch` inputs, or null when the workflow has no such trigger. */
  dispatchInputs: Record<string, DeclaredInput> | null;
  /** The `run-name` expression (or literal), null when the file has none. */
  runName: { expr: string } | { literal: string } | null;
  template: WorkflowTemplate | null;
}

/** Parses `content` (the file at `path`) with GitHub's workflow parser. */
export async function readWorkflowFile(path: string, content: string): Promise<WorkflowFile> {
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) {
    return { path, errors, dispatchInputs: null, runName: null, template: null };
  }
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const converted = (template.errors ?? []).map((e) => e.Message);
  const dispatch = template.events?.workflow_dispatch;
  const inputs: Record<string, DeclaredInput> = {};
  for (const [name, input] of Object.entries(dispatch?.inputs ?? {})) {
    inputs[name] = {
      type: String(input.type ?? 'string'),
      required: input.required === true,
      ...(input.default !== undefined ? { default: input.default } : {}),
      ...(input.options ? { options: input.options } : {}),
    };
  }
  return {
    path,
    errors: converted,
    dispatchInputs: dispatch ? inputs : null,
    runName: runNameOf(parsed.value),
    template: converted.length > 0 ? null : template,
  };
}

function runNameOf(root: unknown): WorkflowFile['runName'] {
  if (!root || !isMapping(root as never)) return null;
  const mapping = root as { count: number; get: (i: number) => { key: unknown; value: unknown } };
  for (let i = 0; i < mapping.count; i += 1) {
    const pair = mapping.get(i);
    if (String(pair.key) !== 'run-name') continue;
    const value = pair.value as never;
    if (isBasicExpression(value)) return { expr: (value as { expr: string }).expr };
    if (isString(value)) return { literal: (value as { value: string }).value };
  }
  return null;
}

/** The job-status functions an `if:` may call, for a job whose earlier steps all succeeded. */
const STATUS_FUNCTIONS = ['success', 'always', 'failure', 'cancelled'] as const;

/**
 * Evaluates one expression (the text inside `${{ }}`) over plain-JSON contexts with GitHub's
 * evaluator. `failed` says whether an earlier step failed (for `success()` / `failure()`).
 */
export function evaluateExpression(
  expr: string,
  contexts: Record<string, unknown>,
  failed = false,
): data.ExpressionData {
  const { tokens } = new Lexer(expr).lex();
  const infos = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const tree = new Parser(tokens, Object.keys(contexts), infos).parse();
  const results: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    success: !failed,
    always: true,
    failure: failed,
    cancelled: false,
  };
  const functions = new Map(
    infos.map((info) => [
      info.name,
      { ...info, call: () => new data.BooleanData(results[info.name]) },
    ]),
  );
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, functions).evaluate();
}

/** Whether an expression's value is truthy, by GitHub's rules. */
export function isTruthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null:
      return false;
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Number: {
      const n = (value as data.NumberData).value;
      return n !== 0 && !Number.isNaN(n);
    }
    case data.Kind.String:
      return (value as data.StringData).value !== '';
    default:
      return true;
  }
}

/** The run name GitHub shows for a run of `file` (the workflow's `name` or path when none). */
export function runNameFor(file: WorkflowFile, contexts: Record<string, unknown>): string {
  if (file.runName === null) return file.path;
  if ('literal' in file.runName) return file.runName.literal;
  return evaluateExpression(file.runName.expr, contexts).coerceString();
}
