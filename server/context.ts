/** The Hono environment shared by the server's routes and middleware. */
import type { Logger } from './logger.js';
import type { User } from './jobs/model.js';

export interface AppEnv {
  Variables: {
    /** Per-request logger carrying `correlation_id`. */
    log: Logger;
    correlationId: string;
    /** Set by the auth middleware of protected routes. */
    user: User;
  };
}
