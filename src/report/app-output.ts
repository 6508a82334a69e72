/**
 * The last lines of the app's output, for a run that ended in an error: why the app did not
 * start is usually there ("Missing script", a port in use, a stack trace), and a reader of the
 * PR comment or the terminal should not have to dig for app.log. Bounded, so a noisy app cannot
 * flood either; the report's text is already redacted.
 */

/** Lines shown at most. */
export const APP_OUTPUT_LINES = 15;
/** Characters kept of one line. */
const MAX_LINE = 240;

/** The last non-blank lines of `tail`, each cut to a readable length; '' when there are none. */
export function appOutputExcerpt(tail: string | null, lines = APP_OUTPUT_LINES): string {
  if (!tail) return '';
  return tail
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0)
    .slice(-lines)
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line))
    .join('\n');
}

/** How the start command ended, as the report records it (`appExit`). */
export interface AppExit {
  code: number | null;
  signal: string | null;
}

/** The heading over the app's last output: with how it ended, when it did. */
export function appOutputHeading(exit?: AppExit): string {
  const how =
    exit?.code !== null && exit?.code !== undefined
      ? ` (it exited with code ${exit.code})`
      : exit?.signal
        ? ` (it was ended by ${exit.signal})`
        : '';
  return `The app's last output${how}`;
}

/**
 * The excerpt as a fenced markdown block under a heading, or '' when there is nothing to show.
 * The fence is longer than any run of backticks in the output, so the app cannot close it.
 */
export function appOutputMarkdown(tail: string | null, exit?: AppExit): string {
  const excerpt = appOutputExcerpt(tail);
  if (!excerpt) return '';
  const longest = Math.max(2, ...(excerpt.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `#### ${appOutputHeading(exit)}\n\n${fence}text\n${excerpt}\n${fence}`;
}
