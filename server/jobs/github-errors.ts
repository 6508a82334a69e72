/** How a GitHub failure reads to the user, shared by the job service and setup_repo. */
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from '../errors.js';
import { GitHubError } from '../github/github-api.js';

/** Maps a GitHub failure to the error the user sees. */
export function mapGitHubError(error: unknown, notFound: string): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof GitHubError)) {
    return new UpstreamError(`Unexpected failure talking to GitHub: ${(error as Error).message}`);
  }
  if (error.status === 401) {
    return new UnauthorizedError(
      'GitHub no longer accepts your authorization; log in again.',
      'github_token_invalid',
    );
  }
  if (error.status === 404) return new NotFoundError(notFound);
  if (error.status === 403) return new ForbiddenError(`GitHub refused: ${error.message}`);
  if (error.status === 422) return new ValidationError(`GitHub refused: ${error.message}`);
  return new UpstreamError(`GitHub is not answering properly right now (${error.message}).`);
}
