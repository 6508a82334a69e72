#!/usr/bin/env node
/**
 * The CLI entry: `myfav-coworker run …`, the same engine as the action on a developer's machine.
 * Thin on purpose: parse, run, map to an exit code; user errors are one line, never a stack.
 */
import { parseCli, USAGE, UsageError } from './cli/args.js';
import { EXIT } from './cli/exit-codes.js';
import { runCommand } from './cli/run-command.js';
import { TOOL_VERSION } from './simulation/version.js';

async function main(): Promise<number> {
  try {
    const parsed = parseCli(process.argv.slice(2));
    if (parsed.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.command === 'version') {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    return await runCommand(parsed.flags, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      progress: Boolean(process.stderr.isTTY),
      env: process.env,
      cwd: process.cwd(),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`myfav-coworker: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`myfav-coworker: internal error: ${(error as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return EXIT.internal;
  }
}

process.exitCode = await main();
