/**
 * A quick look at the start command before anything runs, so a typo in the program name is a
 * one-line error instead of a wait for an app that can never start.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Words the shell runs itself; a command starting with one is not checked. */
const SHELL_WORDS = new Set([
  'cd',
  'exec',
  'env',
  'export',
  'set',
  'source',
  '.',
  'eval',
  'if',
  'for',
  'while',
  'case',
  'time',
  'nohup',
  'sudo',
  '(',
  '{',
  'true',
  'test',
  '[',
  'command',
  'builtin',
  'ulimit',
  'umask',
]);

/**
 * The program a shell command would run, or null when it cannot be told without a shell
 * (builtins, subshells, variable expansion).
 */
export function programOf(command: string): string | null {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) i++;
  const word = words[i];
  if (!word || SHELL_WORDS.has(word) || /[$`'"*?(){};|&<>\\]/.test(word)) return null;
  return word;
}

/** Returns a message when the program of `command` is missing, else null. */
export function missingProgram(
  command: string,
  cwd: string,
  path = process.env.PATH ?? '',
): string | null {
  const program = programOf(command);
  if (!program) return null;
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : [
        join(cwd, 'node_modules', '.bin', program),
        ...path
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, program)),
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return null;
    } catch {
      // try the next place
    }
  }
  return `--start: "${program}" was not found${program.includes('/') ? '' : ' on PATH'} (command: ${command})`;
}
