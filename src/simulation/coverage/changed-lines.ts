/**
 * The lines a change added or modified, per file, in the head version: the `+` lines of a unified
 * diff. A modified line shows as a removed line followed by an added one, so the `+` lines are
 * exactly the added and modified lines; removed lines have no place in head and cannot run.
 */

/** Changed lines (1-based, ascending) per file path of the head side. */
export type ChangedLines = Map<string, number[]>;

/** One hunk as head reads it: its first line, then each line prefixed `+` (added) or ` `. */
export interface HeadHunk {
  start: number;
  lines: string[];
}

/** Each file's hunks on the head side (removed lines left out), by head path. */
export function headHunksFromDiff(diff: string): Map<string, HeadHunk[]> {
  const files = new Map<string, HeadHunk[]>();
  let current: HeadHunk[] | null = null;
  let hunk: HeadHunk | null = null;
  // Lines left in the current hunk (old and new side): inside a hunk, a line reading "+++ b/x"
  // is an added line, not a header.
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (text.startsWith('+')) {
        hunk?.lines.push(text);
        newLeft--;
      } else if (text.startsWith('-')) oldLeft--;
      else if (text.startsWith(' ') || text === '') {
        hunk?.lines.push(` ${text.slice(1)}`);
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const target = /^\+\+\+ (?:b\/(.+)|\/dev\/null)$/.exec(text);
    if (target) {
      current = target[1] ? [] : null;
      if (target[1] && current) files.set(target[1], current);
      continue;
    }
    const header = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
    if (header) {
      oldLeft = Number(header[1] ?? 1);
      newLeft = Number(header[3] ?? 1);
      hunk = { start: Number(header[2]), lines: [] };
      current?.push(hunk);
    }
  }
  return files;
}

/** Reads the head-side added and modified lines of every file in a unified diff. */
export function changedLinesFromDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const [path, hunks] of headHunksFromDiff(diff)) {
    const lines = hunks.flatMap((hunk) =>
      hunk.lines.flatMap((text, i) => (text.startsWith('+') ? [hunk.start + i] : [])),
    );
    if (lines.length > 0) changed.set(path, lines);
  }
  return changed;
}
