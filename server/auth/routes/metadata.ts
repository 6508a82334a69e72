/** RFC 9728 protected resource metadata and RFC 8414 authorization server metadata. */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.js';
import { MCP_SCOPE, mcpResource, type AuthRoutesDeps } from '../oauth-common.js';

const CLIENT_AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'];

/** The discovery documents, path-aware for `/mcp` and at the root. */
export function metadataRoutes({ config }: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;
  const resourceMetadata = () => ({
    resource: mcpResource(config),
    authorization_servers: [issuer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'myfav-coworker',
  });
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => c.json(resourceMetadata()));
  app.get('/.well-known/oauth-protected-resource', (c) => c.json(resourceMetadata()));

  const serverMetadata = () => ({
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    scopes_supported: [MCP_SCOPE],
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
  });
  app.get('/.well-known/oauth-authorization-server', (c) => c.json(serverMetadata()));
  app.get('/.well-known/oauth-authorization-server/mcp', (c) => c.json(serverMetadata()));
  return app;
}
