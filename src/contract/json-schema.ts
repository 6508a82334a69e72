/**
 * `report.json`'s JSON Schema, generated from the zod contract (field descriptions included), so
 * a consumer in another language can validate and read a report without this package's code.
 */
import { z } from 'zod';
import { ReportSchema } from './report.js';

/** The JSON Schema (draft 2020-12) of `report.json` as this version writes it. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema, { io: 'output' }) as Record<string, unknown>;
}
