/**
 * The small pictures of a finished job (the deciding ones: the failing step's screenshot, the
 * visual difference; and the before/after of the first pages that changed visually), kept
 * beside its report as one store record, for `get_report` to hand a chat client and its card.
 * Written once, when the run's artifact is read; a job without them simply has none.
 */
import type { Store } from '../store/store.js';

const key = (jobId: string) => `previews:${jobId}`;

/** Keeps `previews` (path → JPEG bytes) for `jobId`; nothing is written when there are none. */
export async function savePreviews(
  store: Store,
  jobId: string,
  previews: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  if (previews.size === 0) return;
  const record = Object.fromEntries(
    [...previews].map(([path, data]) => [path, Buffer.from(data).toString('base64')]),
  );
  await store.setRecord(key(jobId), JSON.stringify(record));
}

/** The pictures kept for `jobId` (path → JPEG bytes); empty when there are none. */
export async function loadPreviews(store: Store, jobId: string): Promise<Map<string, Uint8Array>> {
  const text = await store.getRecord(key(jobId));
  if (!text) return new Map();
  const record = JSON.parse(text) as Record<string, string>;
  return new Map(
    Object.entries(record).map(([path, data]) => [
      path,
      new Uint8Array(Buffer.from(data, 'base64')),
    ]),
  );
}
