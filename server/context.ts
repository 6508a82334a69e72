/** The Hono environment shared by the server's routes and middleware. */
import type { User } from './jobs/model.js';
import type { Logger } from './logger.js';

export interface AppEnv {
  Variables: {
    /** The request's correlation id (`correlation-id.ts`), echoed as `X-Correlation-Id`. */
    correlationId: string;
    /** The request's logger: every line it writes carries `correlation_id`. */
    log: Logger;
    /** A logger for this request with more bindings than `log` (its lines carry both). */
    logWith: (bindings: Record<string, unknown>) => Logger;
    /** The caller, set by the authentication middleware of protected routes. */
    user: User;
  };
}
