/**
 * The server's error hierarchy (the seed's `AppError`). Domain code throws these; HTTP maps them
 * to a status and a JSON body `{error, message}`, MCP tools turn them into tool errors.
 * Middleware refuses with `refusal()`, an `HTTPException` carrying the same JSON body.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Base class: `code` is the stable machine-readable `error` field, `status` the HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller sent something invalid (400). */
export class ValidationError extends AppError {
  constructor(message: string, code = 'invalid_request') {
    super(code, message, 400);
  }
}

/** No valid credentials (401). */
export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required.', code = 'unauthorized') {
    super(code, message, 401);
  }
}

/** Authenticated, but not allowed (403). */
export class ForbiddenError extends AppError {
  constructor(message: string, code = 'forbidden') {
    super(code, message, 403);
  }
}

/** Not there, or not yours: both answer 404 so ids of others' jobs leak nothing. */
export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found') {
    super(code, message, 404);
  }
}

/** GitHub (or another upstream) failed in a way the caller cannot fix (502). */
export class UpstreamError extends AppError {
  constructor(message: string, code = 'upstream_error') {
    super(code, message, 502);
  }
}

/**
 * The request body could not be read: the client cut the connection or broke its framing. The
 * client's doing, so a 400 logged at warn, never an error anyone can raise an alert with.
 */
export class BodyReadError extends AppError {
  constructor() {
    super('invalid_body', 'The request body could not be read to its end.', 400);
  }
}

/**
 * An HTTP refusal: the JSON body `{error, message}` with `status` and the headers it needs
 * (`WWW-Authenticate`, `Retry-After`), as an `HTTPException` the app's `onError` answers with.
 */
export function refusal(
  status: ContentfulStatusCode,
  error: string,
  message: string,
  headers?: Record<string, string>,
): HTTPException {
  const res = Response.json({ error, message }, { status, ...(headers ? { headers } : {}) });
  return new HTTPException(status, { message, res });
}
