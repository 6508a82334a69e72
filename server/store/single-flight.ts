/**
 * Concurrent misses of one key share one load: when a cached entry expires under load, the
 * store sees one read for it, not one per request waiting at that moment.
 */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  /** The running load of `key`, or a new one from `load`. */
  run(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const started = load().finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }
}
