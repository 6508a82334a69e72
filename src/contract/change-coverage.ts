/**
 * Change coverage: which of the lines a PR added or modified ran during the session, in the
 * browser and (for a Node app the run started) on the server. Only executable lines count: those
 * where a statement starts, as the engine parsed the code that ran (comments, blank lines,
 * type-only lines and stylesheets hold none).
 */
import { z } from 'zod';

/** Whether one side (browser or server) was measured, and if not, why. */
export const CoverageSideSchema = z
  .object({
    measured: z.boolean().describe('True when V8 coverage was collected and read for this side.'),
    reason: z
      .string()
      .optional()
      .describe('Why this side was not measured (or what was only partly measured).'),
  })
  .describe('Whether a side was measured; not measured never reads as "ran".');
export type CoverageSide = z.infer<typeof CoverageSideSchema>;

/** A run of consecutive changed executable lines that did not run, and the functions around it. */
export const NotRunRangeSchema = z.object({
  start: z.number().int().positive().describe('First line (1-based) of the range, in head.'),
  end: z.number().int().positive().describe('Last line of the range, inclusive.'),
  functions: z
    .array(z.string())
    .describe('Names of the innermost functions enclosing the range (empty at top level).'),
});
export type NotRunRange = z.infer<typeof NotRunRangeSchema>;

/** One changed file holding executable changed lines. */
export const ChangedFileCoverageSchema = z.object({
  path: z.string().describe('Path in the repository (as in the diff).'),
  side: z
    .enum(['browser', 'server', 'none'])
    .describe('Where the file was seen loaded; `none`: it never loaded in a measured side.'),
  changedLines: z
    .array(z.number().int().positive())
    .describe('The changed (added or modified) executable lines, in head.'),
  ranLines: z.array(z.number().int().positive()).describe('Those of them that ran.'),
  notRun: z
    .array(NotRunRangeSchema)
    .describe('Ranges of changed executable lines that did not run.'),
  hunks: z
    .array(
      z.object({
        start: z.number().int().nonnegative().describe('Head line number of the first line.'),
        lines: z.array(z.string()).describe('Head lines, each prefixed `+` (added) or a space.'),
      }),
    )
    .describe("The diff's hunks as head reads them (removed lines left out), for a patch view.")
    .optional(),
  hunksTruncated: z
    .boolean()
    .optional()
    .describe('True when the hunks were cut to keep the report small.'),
});
export type ChangedFileCoverage = z.infer<typeof ChangedFileCoverageSchema>;

export const ChangeCoverageSchema = z
  .object({
    files: z.array(ChangedFileCoverageSchema),
    totals: z.object({
      changedLines: z
        .number()
        .int()
        .nonnegative()
        .describe('Changed executable lines in all files.'),
      ranLines: z.number().int().nonnegative().describe('How many of them ran.'),
    }),
    /** Changed functions (names) none of whose changed lines ran. */
    functionsNotRun: z.array(z.string()),
    /** Changed code files whose lines could not be read (not JavaScript, no source map, …): why. */
    unmapped: z.array(z.object({ path: z.string(), reason: z.string() })),
    browser: CoverageSideSchema,
    server: CoverageSideSchema,
    /** The share of changed executable lines that must run for a pass (0–1). */
    floor: z.number().min(0).max(1),
  })
  .describe(
    'Which changed executable lines ran during the session (browser and, for a Node app the run started, server).',
  );
export type ChangeCoverage = z.infer<typeof ChangeCoverageSchema>;
