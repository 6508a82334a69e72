/**
 * The runner, as the rest of the action sees it: a narrow port over @actions/core so `run()`
 * can be driven by a hand-written fake in tests, and one adapter (`coreRuntime`) for real runs.
 */
import * as core from '@actions/core';

/** Where a workflow annotation points. */
export interface AnnotationTarget {
  title?: string;
  file?: string;
  startLine?: number;
}

/** What the action needs from the runner. */
export interface ActionRuntime {
  info(message: string): void;
  warning(message: string, target?: AnnotationTarget): void;
  error(message: string, target?: AnnotationTarget): void;
  notice(message: string, target?: AnnotationTarget): void;
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  /** Marks the step failed (exit code 1) with a message shown in the log. */
  setFailed(message: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Appends markdown to the job summary; throws when the runner has no summary file. */
  appendSummary(markdown: string): Promise<void>;
  startGroup(name: string): void;
  endGroup(): void;
}

/** The real runner, through @actions/core. */
export function coreRuntime(): ActionRuntime {
  return {
    info: (m) => core.info(m),
    warning: (m, t) => core.warning(m, t ?? {}),
    error: (m, t) => core.error(m, t ?? {}),
    notice: (m, t) => core.notice(m, t ?? {}),
    setSecret: (v) => core.setSecret(v),
    setOutput: (n, v) => core.setOutput(n, v),
    setFailed: (m) => core.setFailed(m),
    saveState: (n, v) => core.saveState(n, v),
    getState: (n) => core.getState(n),
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    startGroup: (n) => core.startGroup(n),
    endGroup: () => core.endGroup(),
  };
}

/** State key holding the app's process-group id while it runs (read by the post step). */
export const APP_PID_STATE = 'app-pid';
