/**
 * The Cloudflare Workers entry (`wrangler dev`, `wrangler deploy`). Configuration comes from the
 * bindings the runtime passes to `fetch` (vars, and secrets set with `wrangler secret put` or
 * `.dev.vars`), over `process.env`; the client address from `CF-Connecting-IP`, which
 * Cloudflare's edge sets and a client cannot forge.
 */
import { clientAddressResolver } from './client-address.js';
import { buildFromEnv, lazyApp, processEnv } from './index.js';

let app: ReturnType<typeof lazyApp> | null = null;

const cfAddress = clientAddressResolver({ header: 'cf-connecting-ip', trustedProxies: [] });

/** Only the string bindings are configuration (others would be KV, D1, services…). */
function stringBindings(env: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((env ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response> {
    app ??= lazyApp(() =>
      buildFromEnv({ ...processEnv(), ...stringBindings(env) }, { clientAddress: cfAddress }),
    );
    const built = app();
    return built instanceof Response ? built : built.app.fetch(request, env, ctx as never);
  },
};
