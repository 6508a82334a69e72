/**
 * Reads a repository's workflow file and says exactly what keeps the server from dispatching it
 * the way GitHub would judge it: GitHub refuses a dispatch (422) when the workflow on the
 * default branch has no `workflow_dispatch` trigger, does not declare every input sent, or
 * requires one the server does not send; a cut `${{ }}` expression makes the file invalid; the
 * run-name must carry the job id (how the server finds a run on servers that do not return it);
 * the PR comment needs `pull-requests: write`.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { capText } from '../cap-text.js';

/** The dispatch inputs the server sends (`instructions` only when the user gives some). */
export const DISPATCH_INPUTS = ['pr_number', 'job_id', 'instructions'] as const;

/** Most problems listed (a file can declare any number of inputs), and the longest one. */
const MAX_PROBLEMS = 20;
const PROBLEM_CAP = 500;

/**
 * The problems found, each a sentence naming what to change; empty when the file is ready.
 * The sentences quote names from the file, so their number and length are capped.
 */
export function workflowProblems(text: string): string[] {
  const all = allProblems(text);
  const shown = all.slice(0, MAX_PROBLEMS).map((problem) => capText(problem, PROBLEM_CAP));
  if (all.length > MAX_PROBLEMS) shown.push(`…and ${all.length - MAX_PROBLEMS} more problems.`);
  return shown;
}

function allProblems(text: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => `The file is not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  if (!root || typeof root !== 'object') return ['The file is empty or not a YAML mapping.'];
  return [...expressionProblems(doc), ...triggerProblems(root), ...permissionProblems(root)];
}

/** A `${{` without its `}}` (an unquoted ` #` starts a YAML comment and cuts the rest). */
function expressionProblems(doc: ReturnType<typeof parseDocument>): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (isScalar(node) && typeof node.value === 'string') {
      const opened = node.value.split('${{').length - 1;
      const closed = node.value.split('}}').length - 1;
      if (opened > closed) {
        problems.push(
          `\`${path}\` has an expression cut short (\${{ without }}): quote the value, since an unquoted " #" starts a YAML comment.`,
        );
      }
    } else if (isMap(node)) {
      for (const pair of node.items)
        visit(pair.value, `${path ? `${path}.` : ''}${String(pair.key)}`);
    } else if (node && typeof node === 'object' && 'items' in node) {
      (node as { items: unknown[] }).items.forEach((item, i) => visit(item, `${path}[${i}]`));
    }
  };
  visit(doc.contents, '');
  return problems;
}

function triggerProblems(root: Record<string, unknown>): string[] {
  const on = root.on;
  const triggers =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((t) => [String(t), null]))
        : ((on ?? {}) as Record<string, unknown>);
  if (!('workflow_dispatch' in triggers)) {
    return [
      `There is no \`workflow_dispatch\` trigger, so GitHub refuses every dispatch ("Workflow does not have 'workflow_dispatch' trigger"). Add it under \`on:\` with the inputs ${DISPATCH_INPUTS.join(', ')}.`,
    ];
  }
  const dispatch = (triggers.workflow_dispatch ?? {}) as { inputs?: Record<string, unknown> };
  const declared = (dispatch.inputs ?? {}) as Record<
    string,
    { required?: unknown; default?: unknown } | null
  >;
  const problems = DISPATCH_INPUTS.filter((name) => !(name in declared)).map(
    (name) =>
      `\`workflow_dispatch\` does not declare the input \`${name}\`: GitHub answers the server's dispatch with "Unexpected inputs provided". Declare it (type: string${name === 'pr_number' ? ', required: true' : ''}).`,
  );
  for (const [name, input] of Object.entries(declared)) {
    const ours = (DISPATCH_INPUTS as readonly string[]).includes(name);
    if (!ours && input?.required === true && input.default === undefined) {
      problems.push(
        `The input \`${name}\` is required and has no default, but the server does not send it: GitHub refuses the dispatch. Give it a default or make it optional.`,
      );
    }
  }
  const runName = typeof root['run-name'] === 'string' ? root['run-name'] : '';
  if (!/inputs\.job_id/.test(runName)) {
    problems.push(
      '`run-name` does not show `inputs.job_id`: on GitHub servers that do not return the run of a dispatch (GitHub Enterprise Server), the server finds its run by that name. Use the run-name shown below.',
    );
  }
  return problems;
}

function permissionProblems(root: Record<string, unknown>): string[] {
  const granted = (permissions: unknown): boolean | null => {
    if (permissions === undefined) return null;
    if (permissions === 'write-all') return true;
    if (typeof permissions !== 'object' || permissions === null) return false;
    return (permissions as Record<string, unknown>)['pull-requests'] === 'write';
  };
  const jobs = Object.values((root.jobs ?? {}) as Record<string, { permissions?: unknown }>);
  const jobLevel = jobs.map((job) => granted(job?.permissions)).filter((g) => g !== null);
  const top = granted(root.permissions);
  const ok = jobLevel.length > 0 ? jobLevel.some(Boolean) : top;
  if (ok === false) {
    return [
      '`permissions` does not grant `pull-requests: write`: the run cannot post its PR comment. Add `pull-requests: write` (and `contents: read`).',
    ];
  }
  if (ok === null) {
    return [
      'The workflow sets no `permissions`: on repositories whose default token is read-only the run cannot post its PR comment. Add `permissions: { contents: read, pull-requests: write }`.',
    ];
  }
  return [];
}
