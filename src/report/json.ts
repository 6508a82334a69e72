/** `report.json`: the contract, validated before it is written so a reader never gets a bad one. */
import { ReportSchema, type Report } from '../contract/index.js';

/** The report as pretty JSON, after `ReportSchema.parse` (throws, naming the field, if invalid). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(ReportSchema.parse(report), null, 2)}\n`;
}
