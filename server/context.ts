/**
 * The Hono environment shared by the server's routes and guards. A request's correlation id and
 * logger are not variables here: they exist before Hono sees the request (`request-scope.ts`).
 */
import type { User } from './jobs/model.js';

export interface AppEnv {
  Variables: {
    /** Set by the authentication guard of protected routes. */
    user: User;
  };
}
