/**
 * Checks recorded exchanges with the fake GitHub against GitHub's published OpenAPI description:
 * every request our code sent (documented operation, known query parameters of the right type,
 * the JSON body's schema) and every response the fake served (a documented status, the JSON
 * schema of that status). Where the description is silent, GitHub's docs decide: a 304 answers
 * a conditional request (If-None-Match) on any GET, and an error status carries `message`.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  githubOpenApi,
  operationFor,
  responseMedia,
  type Description,
  type OpenApiOperation,
  type OpenApiParameter,
} from './openapi.js';
import type { ApiExchange } from './state.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

const ajvs = new Map<Description, Ajv>();
const compiled = new Map<string, ValidateFunction>();

function validator(description: Description, key: string, schema: unknown): ValidateFunction {
  let ajv = ajvs.get(description);
  if (!ajv) {
    // OpenAPI 3.0 schemas are JSON Schema draft-04-ish with `nullable`: ajv's default draft
    // with `nullable` support, non-strict for the description's own keywords (example, x-…).
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    // GitHub's own format: `owner/name`.
    ajv.addFormat('repo.nwo', /^[^/]+\/[^/]+$/);
    ajv.addSchema(githubOpenApi(description) as object, 'gh');
    ajvs.set(description, ajv);
  }
  let fn = compiled.get(`${description} ${key}`);
  if (!fn) {
    // The description's refs are document-relative: point them into the added document.
    const rebased = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/'),
    );
    fn = ajv.compile(rebased as object);
    compiled.set(`${description} ${key}`, fn);
  }
  return fn;
}

function errorsOf(fn: ValidateFunction): string {
  return (fn.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    )
    .join('; ');
}

function parameters(operation: OpenApiOperation, description: Description): OpenApiParameter[] {
  return (operation.parameters ?? []).map((p) =>
    '$ref' in p
      ? (githubOpenApi(description).components.parameters[
          p.$ref.split('/').pop() ?? ''
        ] as OpenApiParameter)
      : p,
  );
}

function coerce(value: string, schema: unknown): unknown {
  const type = (schema as { type?: string } | undefined)?.type;
  if (type === 'integer' || type === 'number') return value === '' ? value : Number(value);
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** The exchange's operation in `description` (null when that server does not have it). */
function operationOf(exchange: ApiExchange, description: Description): OpenApiOperation | null {
  if (description === 'api.github.com') {
    const [method = '', template = ''] = exchange.operation.split(' ');
    return githubOpenApi().paths[template]?.[method.toLowerCase()] ?? null;
  }
  return operationFor(exchange.method, exchange.path, description)?.operation ?? null;
}

/** What the request breaks in the description (query parameters, JSON body). */
export function requestProblems(
  exchange: ApiExchange,
  description: Description = 'api.github.com',
): string[] {
  const operation = operationOf(exchange, description);
  if (!operation) return [`${exchange.operation} is not in the ${description} description`];
  const problems: string[] = [];
  const pathParams = operationFor(exchange.method, exchange.path, description)?.params ?? {};
  for (const param of parameters(operation, description).filter((p) => p.in === 'path')) {
    const value = pathParams[param.name] ?? '';
    const fn = validator(description, `${exchange.operation} /${param.name}`, param.schema ?? {});
    if (!fn(coerce(value, param.schema)))
      problems.push(`path "${param.name}=${value}": ${errorsOf(fn)}`);
  }
  const query = new URLSearchParams(exchange.query);
  const declared = parameters(operation, description).filter((p) => p.in === 'query');
  for (const [name, value] of query) {
    const param = declared.find((p) => p.name === name);
    if (!param) {
      problems.push(`query parameter "${name}" is not documented`);
      continue;
    }
    const fn = validator(description, `${exchange.operation} ?${name}`, param.schema ?? {});
    if (!fn(coerce(value, param.schema)))
      problems.push(`query "${name}=${value}": ${errorsOf(fn)}`);
  }
  for (const param of declared.filter((p) => p.required && !query.has(p.name))) {
    problems.push(`required query parameter "${param.name}" is missing`);
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body && exchange.requestBody !== undefined) {
    const fn = validator(description, `${exchange.operation} body`, body);
    if (!fn(exchange.requestBody)) problems.push(`request body: ${errorsOf(fn)}`);
  } else if (operation.requestBody?.required && exchange.requestBody === undefined) {
    problems.push('the required JSON body is missing');
  }
  return problems;
}

/** What the response breaks in the description (status, JSON schema of that status). */
export function responseProblems(
  exchange: ApiExchange,
  description: Description = 'api.github.com',
): string[] {
  const operation = operationOf(exchange, description);
  if (!operation) return [];
  const { status, responseBody } = exchange;
  if (status === 304) {
    return exchange.conditional ? [] : ['304 answered to a request that was not conditional'];
  }
  const documented = String(status) in operation.responses;
  if (!documented) {
    if (status < 400) return [`status ${status} is not documented`];
    const message = (responseBody as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? [] : [`error ${status} has no "message"`];
  }
  const schema = responseMedia(operation, status, description)?.schema;
  if (!schema) return [];
  if (responseBody === undefined) {
    // `application/vnd.github.diff` (or .patch, .raw) asks for that format instead of JSON.
    if (/vnd\.github\.(v3\.)?(diff|patch|raw)/.test(exchange.accept)) return [];
    return [`status ${status} should carry a JSON body`];
  }
  const fn = validator(description, `${exchange.operation} ${status}`, schema);
  return fn(responseBody) ? [] : [`${status} body: ${errorsOf(fn)}`];
}

/**
 * Every problem of the recorded exchanges against `description` (github.com by default, or a
 * GitHub Enterprise Server version), one line each (`METHOD path → status: problem`).
 */
export function contractProblems(
  exchanges: ApiExchange[],
  description: Description = 'api.github.com',
): string[] {
  const lines = new Set<string>();
  for (const exchange of exchanges) {
    const where = `${exchange.method} ${exchange.path}${exchange.query} → ${exchange.status}`;
    for (const p of requestProblems(exchange, description)) lines.add(`${where}: request ${p}`);
    for (const p of responseProblems(exchange, description)) lines.add(`${where}: response ${p}`);
  }
  return [...lines];
}

/** The fake's areas that are not the REST API (GitHub documents them elsewhere). */
const NOT_REST = [
  /^\/login\/oauth\//,
  /^\/twirp\//,
  /^\/_blob\//,
  /^\/blob\//,
  /^\/graphql$/,
  // The run page's artifact link (github.com, not the API): what a person clicks in a comment.
  /^\/[^/]+\/[^/]+\/actions\/runs\/\d+\/artifacts\/\d+$/,
];

/** Requests to REST paths GitHub does not document (our code called an endpoint that is not there). */
export function undocumentedRequests(
  requests: { method: string; path: string }[],
  isDocumented: (method: string, path: string) => boolean,
): string[] {
  const lines = new Set<string>();
  for (const r of requests) {
    if (NOT_REST.some((re) => re.test(r.path))) continue;
    if (!isDocumented(r.method, r.path))
      lines.add(`${r.method} ${r.path}: not in GitHub's description`);
  }
  return [...lines];
}
