/**
 * The MCP endpoint: Streamable HTTP, stateless (a new McpServer and transport per request), so
 * any instance can answer any call; the caller is the user of the OAuth access token.
 *
 * The SDK binds a server to one transport at a time (`connect` refuses a second), so concurrent
 * requests cannot share one server; instead everything a server is built from is made once per
 * process (tool definitions and their schemas, the JSON Schema validator, the options), which
 * leaves a few small objects per request.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerOptions } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ToolContext } from './context.js';
import { registerGetReport } from './tools/get-report.js';
import { registerGetSimulation } from './tools/get-simulation.js';
import { registerListSimulations } from './tools/list-simulations.js';
import { registerSetupRepo } from './tools/setup-repo.js';
import { registerSimulatePr } from './tools/simulate-pr.js';
import { UNTRUSTED_NOTE } from './untrusted.js';

/** The server version announced to clients. */
export const SERVER_VERSION = '0.1.0';

const SERVER_INFO = { name: 'myfav-coworker', version: SERVER_VERSION };

// Without a validator the SDK builds a new Ajv instance per server, i.e. per request; one Ajv
// serves every server (it is only used to check elicitation answers, which we never request).
const SERVER_OPTIONS: ServerOptions = {
  instructions: `QA for pull requests: simulate_pr starts a run in the repo's GitHub Actions; get_simulation (wait_seconds) returns the verdict; get_report gives the full report; setup_repo checks a repo is ready. ${UNTRUSTED_NOTE}`,
  jsonSchemaValidator: new AjvJsonSchemaValidator(),
};

const REGISTER_TOOLS = [
  registerSimulatePr,
  registerGetSimulation,
  registerListSimulations,
  registerGetReport,
  registerSetupRepo,
];

/** Builds an MCP server with every tool, for one caller. */
export function createMcpServer(ctx: ToolContext): McpServer {
  const server = new McpServer(SERVER_INFO, SERVER_OPTIONS);
  for (const register of REGISTER_TOOLS) register(server, ctx);
  return server;
}

/** Answers one MCP HTTP request. */
export async function handleMcpRequest(request: Request, ctx: ToolContext): Promise<Response> {
  const server = createMcpServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // JSON responses are complete here; release the per-request server.
    void server.close();
  }
}
