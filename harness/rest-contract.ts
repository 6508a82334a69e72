/**
 * Checks the REST API's answers against its own published contract: the OpenAPI document the
 * server serves at `/v1/openapi.json` (generated from the zod schemas its routes validate with).
 * Every response to a documented operation must have a documented status and a JSON body that
 * validates against that status's schema (JSON Schema 2020-12, as OpenAPI 3.1 says), with ajv.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

interface Contract {
  document: Document;
  ajv: Ajv2020;
  compiled: Map<string, ValidateFunction>;
}

const contracts = new Map<string, Promise<Contract>>();

async function contractOf(serverUrl: string): Promise<Contract> {
  let contract = contracts.get(serverUrl);
  if (!contract) {
    contract = (async () => {
      const res = await fetch(`${serverUrl}/v1/openapi.json`);
      if (!res.ok) throw new Error(`GET /v1/openapi.json answered ${res.status}`);
      const document = (await res.json()) as Document;
      // Non-strict: the document's own keywords (openapi, paths, example) sit around the schemas.
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(document as object, 'api');
      return { document, ajv, compiled: new Map() };
    })();
    contracts.set(serverUrl, contract);
  }
  return contract;
}

/** The documented path template `/v1/...` matches, or null. */
function templateOf(document: Document, path: string): string | null {
  const inV1 = path.replace(/^\/v1/, '');
  for (const template of Object.keys(document.paths)) {
    const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
    if (new RegExp(`^${pattern}$`).test(inV1)) return template;
  }
  return null;
}

const pointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Throws unless `status` and `body` are what the document says `method path` answers. Paths
 * outside `/v1`, and `/v1` paths the document does not describe, are not the contract's.
 */
export async function checkRestResponse(
  serverUrl: string,
  method: string,
  pathAndQuery: string,
  status: number,
  body: unknown,
): Promise<void> {
  const path = pathAndQuery.split('?')[0]!;
  if (!path.startsWith('/v1/')) return;
  const { document, ajv, compiled } = await contractOf(serverUrl);
  const template = templateOf(document, path);
  if (!template) return;
  const m = method.toLowerCase();
  const operation = document.paths[template]?.[m];
  const where = `${method} /v1${template} → ${status}`;
  if (!operation) throw new Error(`${method} /v1${template} is not in the OpenAPI document`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${where}: the status is not in the OpenAPI document`);
  if (!response.content?.['application/json']?.schema) return;
  const ref = `api#/paths/${pointer(template)}/${m}/responses/${status}/content/${pointer('application/json')}/schema`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${where}: the body does not match the document: ${ajv.errorsText(validate.errors)}`,
    );
  }
}
