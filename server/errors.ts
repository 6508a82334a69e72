/**
 * The server's error hierarchy (the seed's `AppError`). Domain code throws these; HTTP maps them
 * to a status and a JSON body `{error, message}`, MCP tools turn them into tool errors.
 */

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

/** Too many requests (429). */
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, 429);
  }
}

/** GitHub (or another upstream) failed in a way the caller cannot fix (502). */
export class UpstreamError extends AppError {
  constructor(message: string, code = 'upstream_error') {
    super(code, message, 502);
  }
}
