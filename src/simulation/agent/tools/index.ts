/** The agent's tools, in the order the model sees them (reads first, `finish` last). */
import { changeCoverageTool } from './change-coverage.js';
import { clickTool } from './click.js';
import { consoleMessagesTool } from './console-messages.js';
import { fillTool } from './fill.js';
import { findTool } from './find.js';
import { finishTool } from './finish.js';
import { goBackTool } from './go-back.js';
import { hoverTool } from './hover.js';
import { navigateTool } from './navigate.js';
import { networkRequestsTool } from './network-requests.js';
import { planTool } from './plan.js';
import { pressTool } from './press.js';
import { screenshotTool } from './screenshot.js';
import { selectTool } from './select.js';
import { snapshotTool } from './snapshot.js';
import type { AgentTool } from './tool.js';
import { waitForTool } from './wait-for.js';

export const TOOLS: AgentTool[] = [
  planTool,
  navigateTool,
  snapshotTool,
  findTool,
  clickTool,
  fillTool,
  selectTool,
  pressTool,
  hoverTool,
  waitForTool,
  goBackTool,
  screenshotTool,
  consoleMessagesTool,
  networkRequestsTool,
  changeCoverageTool,
  finishTool,
] as AgentTool[];

export * from './tool.js';
