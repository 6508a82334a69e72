/**
 * The app under test runs the PR's code, which may be a fork's: it must never see the model key,
 * the GitHub token, the Actions runtime credentials or anything the user calls a secret. This
 * module decides which environment variables the app gets.
 *
 * Removal is by name (a fixed list, a heuristic over the name's parts, and the user's own list),
 * then by value: a variable that carries the same value as a removed one (an alias such as
 * `MY_KEY=$ANTHROPIC_API_KEY`) goes too. Everything else, notably PATH, HOME, LANG, TERM, CI,
 * NODE_ENV and NODE_OPTIONS, is kept so the app builds and runs as it does in the user's shell.
 */

/** One reason a variable is removed, for documentation and for saying why a name was dropped. */
export interface SecretEnvRule {
  /** Short name of the rule, as shown by {@link partitionEnv}. */
  readonly id: string;
  /** What the rule removes and why. */
  readonly description: string;
  /** True when the (already upper-cased) variable name falls under the rule. */
  readonly matches: (upperName: string) => boolean;
}

/** Name parts that mark a secret wherever they appear (`AWS_SECRET_ACCESS_KEY`, `NPM_TOKEN`). */
const SECRET_PARTS = new Set([
  'TOKEN',
  'TOKENS',
  'SECRET',
  'SECRETS',
  'PASSWD',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'APIKEY',
  'PAT',
]);

/** Name parts that mark a secret when the name ends with them (`STRIPE_KEY`, `SIGNING_KEY`). */
const SECRET_SUFFIXES = new Set(['KEY', 'KEYS']);

/** Splits a name into its parts; runner inputs keep hyphens (`INPUT_START-COMMAND`). */
function parts(upperName: string): string[] {
  return upperName.split(/[_\-.]+/).filter((part) => part.length > 0);
}

/**
 * The rules, in order. A variable matching any of them is removed:
 *
 * 1. `model-keys`: `ANTHROPIC_*`, `OPENAI_*`, `CLAUDE_*` (model keys and their base URLs).
 * 2. `github-tokens`: `GITHUB_TOKEN`, `GH_TOKEN`, `GH_ENTERPRISE_TOKEN`, `GITHUB_ENTERPRISE_TOKEN`
 *    (also caught by rule 5; named here so the intent survives a change of heuristic).
 * 3. `actions-runtime`: `ACTIONS_*` (runtime token, results and cache URLs, OIDC request token).
 * 4. `action-inputs`: `INPUT_*` (the action's inputs, which include the model key).
 * 5. `secret-looking`: a name with a part `TOKEN`, `SECRET`, `PASSWD`, `PASSPHRASE`,
 *    `CREDENTIAL(S)`, `APIKEY` or `PAT`; a name ending in `KEY`/`KEYS` (`*_API_KEY`,
 *    `*_PRIVATE_KEY`, `STRIPE_KEY`); any name containing `PASSWORD`. Parts are split on `_`, `-`
 *    and `.`, so `TOKENIZERS_PARALLELISM` and `PWD` stay while `NODE_AUTH_TOKEN` goes.
 *
 * The user's own names (see {@link scrubEnv}) come on top of these.
 */
export const SECRET_ENV_RULES: readonly SecretEnvRule[] = [
  {
    id: 'model-keys',
    description: 'model provider keys and settings: ANTHROPIC_*, OPENAI_*, CLAUDE_*',
    matches: (name) => /^(ANTHROPIC|OPENAI|CLAUDE)_/.test(name),
  },
  {
    id: 'github-tokens',
    description:
      'GitHub tokens: GITHUB_TOKEN, GH_TOKEN, GH_ENTERPRISE_TOKEN, GITHUB_ENTERPRISE_TOKEN',
    matches: (name) =>
      ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'].includes(name),
  },
  {
    id: 'actions-runtime',
    description: 'GitHub Actions runtime credentials and URLs: ACTIONS_*',
    matches: (name) => name.startsWith('ACTIONS_'),
  },
  {
    id: 'action-inputs',
    description: "the action's inputs (they hold the model key): INPUT_*",
    matches: (name) => name.startsWith('INPUT_'),
  },
  {
    id: 'secret-looking',
    description:
      'names that look like secrets: a TOKEN/SECRET/PASSWD/PASSPHRASE/CREDENTIAL/APIKEY/PAT part, a KEY/KEYS ending, or PASSWORD anywhere',
    matches: (name) => {
      if (name.includes('PASSWORD')) return true;
      const nameParts = parts(name);
      const last = nameParts.at(-1);
      return (
        nameParts.some((part) => SECRET_PARTS.has(part)) ||
        (last !== undefined && nameParts.length > 1 && SECRET_SUFFIXES.has(last))
      );
    },
  },
];

/** Values shorter than this are too common (`1`, `true`, `main`) to remove other variables by. */
const MIN_ALIAS_VALUE_LENGTH = 8;

/** The scrubbed environment and which names were removed by which rule (names only, no values). */
export interface EnvPartition {
  kept: NodeJS.ProcessEnv;
  /** Removed variable name → the id of the rule that removed it (`user`, `same-value` or a rule id). */
  removed: Record<string, string>;
}

/**
 * Turns the user's secret names into a matcher. Names compare case-insensitively (a workflow's
 * `stripe_key` means `STRIPE_KEY`), and `*` is a wildcard so `STRIPE_*` names a family.
 */
function userMatcher(names: readonly string[]): (upperName: string) => boolean {
  const patterns = names
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name.length > 0)
    .map((name) => {
      const source = name
        .split('*')
        .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return new RegExp(`^${source}$`);
    });
  return (upperName) => patterns.some((pattern) => pattern.test(upperName));
}

/**
 * Like {@link scrubEnv}, and also says which names were removed and why, so a run can log the
 * names it withheld from the app (never the values).
 */
export function partitionEnv(
  env: NodeJS.ProcessEnv,
  extraSecretNames: readonly string[] = [],
): EnvPartition {
  const isUserSecret = userMatcher(extraSecretNames);
  const kept: NodeJS.ProcessEnv = {};
  const removed: Record<string, string> = {};
  const removedValues = new Set<string>();

  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    const rule = isUserSecret(upper)
      ? 'user'
      : SECRET_ENV_RULES.find((candidate) => candidate.matches(upper))?.id;
    if (rule) {
      removed[name] = rule;
      if (value.length >= MIN_ALIAS_VALUE_LENGTH) removedValues.add(value);
    } else {
      kept[name] = value;
    }
  }
  // Second pass: a copy of a secret under an innocent name is still the secret.
  for (const [name, value] of Object.entries(kept)) {
    if (value !== undefined && removedValues.has(value)) {
      delete kept[name];
      removed[name] = 'same-value';
    }
  }
  return { kept, removed };
}

/**
 * Returns a copy of `env` without the variables the app under test must not see: those matched
 * by {@link SECRET_ENV_RULES}, those named in `extraSecretNames` (case-insensitive, `*` wildcard),
 * and any variable whose value equals a removed one's. The input is not modified.
 */
export function scrubEnv(
  env: NodeJS.ProcessEnv,
  extraSecretNames: readonly string[] = [],
): NodeJS.ProcessEnv {
  return partitionEnv(env, extraSecretNames).kept;
}
