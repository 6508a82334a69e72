/**
 * GitHub's published OpenAPI description of api.github.com (`@octokit/openapi`), as the fake
 * uses it: which documented operation a request is, and GitHub's own example of a response.
 * The fake answers with the fields it models laid over GitHub's example for that operation, so
 * every field a real client may read is there with a realistic value; the contract test then
 * validates what was served (and what our code sent) against the description's schemas.
 */
import { createRequire } from 'node:module';

/** The parts of the OpenAPI 3.0 document the fake and the contract test read. */
export interface OpenApiOperation {
  operationId: string;
  parameters?: ({ $ref: string } | OpenApiParameter)[];
  requestBody?: { content?: Record<string, { schema?: unknown }>; required?: boolean };
  responses: Record<string, { $ref?: string; content?: Record<string, OpenApiMedia> }>;
}
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: unknown;
}
interface OpenApiMedia {
  schema?: unknown;
  examples?: Record<string, { $ref?: string; value?: unknown }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    examples: Record<string, { value: unknown }>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, { content?: Record<string, OpenApiMedia> }>;
  };
}

/** Descriptions `@octokit/openapi` ships: github.com, and GitHub Enterprise Server versions. */
export type Description = 'api.github.com' | 'ghes-3.17' | 'ghes-3.18' | 'ghes-3.19';

const docs = new Map<Description, OpenApiDocument>();

/** A description (11–13 MB of JSON: loaded once, on first use). */
export function githubOpenApi(description: Description = 'api.github.com'): OpenApiDocument {
  let doc = docs.get(description);
  if (!doc) {
    doc = createRequire(import.meta.url)(
      `@octokit/openapi/generated/${description}.json`,
    ) as OpenApiDocument;
    docs.set(description, doc);
  }
  return doc;
}

/** A documented operation: its path template, method and definition. */
export interface MatchedOperation {
  template: string;
  method: string;
  operation: OpenApiOperation;
  params: Record<string, string>;
}

const matchers = new Map<string, { regex: RegExp; names: string[]; template: string }[]>();

/** The documented operation of `method path` (the most specific template), or null. */
export function operationFor(
  method: string,
  path: string,
  description: Description = 'api.github.com',
): MatchedOperation | null {
  const m = method.toLowerCase();
  let list = matchers.get(`${description} ${m}`);
  if (!list) {
    list = Object.entries(githubOpenApi(description).paths)
      .filter(([, ops]) => m in ops)
      .map(([template]) => {
        const names: string[] = [];
        // A trailing {path} or {ref} spans slashes (`contents/a/b.yml`, `git/ref/heads/main`).
        const source = template.replace(/\{([^}]+)\}(\/?)/g, (_, name: string, slash: string) => {
          names.push(name);
          return slash ? '([^/]+)/' : name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)';
        });
        return { regex: new RegExp(`^${source}$`), names, template };
      })
      // Literal segments win over parameters: fewer parameters first.
      .sort((a, b) => a.names.length - b.names.length);
    matchers.set(`${description} ${m}`, list);
  }
  for (const { regex, names, template } of list) {
    const match = regex.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(
      names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]),
    );
    const operation = githubOpenApi(description).paths[template]?.[m];
    if (operation) return { template, method: m, operation, params };
  }
  return null;
}

/** The JSON media of a documented response (following a `$ref` to components). */
export function responseMedia(
  operation: OpenApiOperation,
  status: number,
  description: Description = 'api.github.com',
): OpenApiMedia | undefined {
  const response = operation.responses[String(status)];
  if (!response) return undefined;
  const resolved = response.$ref
    ? githubOpenApi(description).components.responses[response.$ref.split('/').pop() ?? '']
    : response;
  return resolved?.content?.['application/json'];
}

/** GitHub's first example of a documented response, or undefined. */
export function responseExample(operation: OpenApiOperation, status: number): unknown {
  const first = Object.values(responseMedia(operation, status)?.examples ?? {})[0];
  if (!first) return undefined;
  const value = first.$ref
    ? githubOpenApi().components.examples[first.$ref.split('/').pop() ?? '']?.value
    : first.value;
  return value === undefined ? undefined : structuredClone(value);
}

type Schema = {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/**
 * A schema with its `$ref` followed and its `allOf` parts merged; of `oneOf`/`anyOf`, the arm
 * that fits `value` best (same kind, most of its required keys present).
 */
function resolve(schema: Schema | undefined, value: unknown): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return resolve(githubOpenApi().components.schemas[name] as Schema | undefined, value);
  }
  const parts = schema.allOf?.map((p) => resolve(p, value)) ?? [];
  const arms = (schema.oneOf ?? schema.anyOf ?? []).map((a) => resolve(a, value));
  const fits = (arm: Schema) =>
    (arm.type === 'array') === Array.isArray(value)
      ? (arm.required ?? []).filter((k) => isObject(value) && k in value).length + 1
      : 0;
  const arm = arms.sort((a, b) => fits(b) - fits(a))[0];
  if (arm) parts.push(arm);
  if (parts.length === 0) return schema;
  return {
    ...schema,
    required: [...(schema.required ?? []), ...parts.flatMap((p) => p.required ?? [])],
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties),
    ...(parts.find((p) => p.items) ? { items: parts.find((p) => p.items)?.items } : {}),
  };
}

/**
 * The fake's answer `ours`, completed from GitHub's `example` where the `schema` requires a
 * field the fake does not model (an optional field it leaves out stays out, as on GitHub, e.g.
 * `parent` of a repo that is not a fork). Keys the fake sets, even to null, are kept as they are.
 */
export function overExample(schema: unknown, example: unknown, ours: unknown): unknown {
  const s = resolve(schema as Schema, ours);
  if (Array.isArray(ours)) {
    const template: unknown = Array.isArray(example) ? example[0] : undefined;
    return ours.map((item) => overExample(s.items, template, item));
  }
  if (!isObject(ours)) return ours;
  const from = isObject(example) ? example : {};
  const out: Record<string, unknown> = {};
  for (const key of s.required ?? []) {
    if (!(key in ours) && key in from) out[key] = from[key];
  }
  for (const [key, value] of Object.entries(ours)) {
    out[key] = overExample(s.properties?.[key], from[key], value);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
