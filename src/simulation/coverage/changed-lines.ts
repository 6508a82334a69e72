/**
 * The lines a change added or modified, per file, in the head version: the `+` lines of a unified
 * diff. A modified line shows as a removed line followed by an added one, so the `+` lines are
 * exactly the added and modified lines; removed lines have no place in head and cannot run.
 */

/** Changed lines (1-based, ascending) per file path of the head side. */
export type ChangedLines = Map<string, number[]>;

/** Reads the head-side added and modified lines of every file in a unified diff. */
export function changedLinesFromDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: number[] | null = null;
  let line = 0;
  // Lines left in the current hunk (old and new side): inside a hunk, a line reading "+++ b/x"
  // is an added line, not a header.
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (text.startsWith('+')) {
        current?.push(line++);
        newLeft--;
      } else if (text.startsWith('-')) oldLeft--;
      else if (text.startsWith(' ') || text === '') {
        line++;
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const target = /^\+\+\+ (?:b\/(.+)|\/dev\/null)$/.exec(text);
    if (target) {
      current = target[1] ? [] : null;
      if (target[1] && current) changed.set(target[1], current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
    if (hunk) {
      oldLeft = Number(hunk[1] ?? 1);
      line = Number(hunk[2]);
      newLeft = Number(hunk[3] ?? 1);
    }
  }
  for (const [path, lines] of changed) if (lines.length === 0) changed.delete(path);
  return changed;
}
