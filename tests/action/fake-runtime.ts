/** A hand-written ActionRuntime that records what the action told the runner. */
import type { ActionRuntime, AnnotationTarget } from '../../src/action/runtime.js';

export interface RecordedAnnotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  target?: AnnotationTarget;
}

export class FakeRuntime implements ActionRuntime {
  logs: string[] = [];
  annotations: RecordedAnnotation[] = [];
  secrets: string[] = [];
  outputs = new Map<string, string>();
  failed: string[] = [];
  state = new Map<string, string>();
  summary = '';
  /** Set to make appendSummary fail (a runner without GITHUB_STEP_SUMMARY). */
  summaryError: Error | null = null;

  info(message: string): void {
    this.logs.push(message);
  }
  warning(message: string, target?: AnnotationTarget): void {
    this.annotations.push({ level: 'warning', message, ...(target ? { target } : {}) });
  }
  error(message: string, target?: AnnotationTarget): void {
    this.annotations.push({ level: 'error', message, ...(target ? { target } : {}) });
  }
  notice(message: string, target?: AnnotationTarget): void {
    this.annotations.push({ level: 'notice', message, ...(target ? { target } : {}) });
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  setOutput(name: string, value: string): void {
    this.outputs.set(name, value);
  }
  setFailed(message: string): void {
    this.failed.push(message);
  }
  saveState(name: string, value: string): void {
    this.state.set(name, value);
  }
  getState(name: string): string {
    return this.state.get(name) ?? '';
  }
  async appendSummary(markdown: string): Promise<void> {
    if (this.summaryError) throw this.summaryError;
    this.summary += markdown;
  }
  startGroup(): void {}
  endGroup(): void {}

  warnings(): string[] {
    return this.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
  }
  /** Everything written anywhere, to check a secret appears nowhere. */
  everything(): string {
    return [
      ...this.logs,
      ...this.annotations.map((a) => a.message),
      ...this.outputs.values(),
      ...this.failed,
      this.summary,
    ].join('\n');
  }
}
