/**
 * Reads every file a run wrote, unpacking zips (the trace), so tests can search all of it as
 * text: "a secret appears in none of the files written" must include what is inside trace.zip.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** Path (relative to `dir`, `trace.zip!entry` inside zips) → content as latin1/utf8 text. */
export async function readAllFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const data = await readFile(path);
      const name = relative(dir, path);
      out.set(name, data.toString('utf8'));
      if (name.endsWith('.zip')) {
        for (const [inner, bytes] of Object.entries(unzipSync(new Uint8Array(data)))) {
          out.set(`${name}!${inner}`, strFromU8(bytes, true));
        }
      }
    }
  }
  await walk(dir);
  return out;
}

/**
 * True while a process group has a live (non-zombie) member, read independently with `ps`:
 * this machine's PID 1 does not reap orphans, so `kill(-pgid, 0)` also sees zombies.
 */
export function groupAlive(pgid: number): boolean {
  const out = execFileSync('ps', ['-eo', 'pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .some(([group, stat]) => Number(group) === pgid && !stat?.startsWith('Z'));
}
