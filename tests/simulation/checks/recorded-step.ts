/** Builds hand-made RecordedStep data for the pure check tests. */
import type { Observation, PageEvents } from '../../../src/simulation/browser/driver.js';
import type { RecordedStep } from '../../../src/simulation/recording.js';

export const ORIGIN = 'http://127.0.0.1:3000';

/** A recorded step `index` on `path`; override any part of the observation. */
export function recordedStep(
  index: number,
  overrides: Partial<Omit<Observation, 'events'>> & {
    events?: Partial<PageEvents>;
    action?: string;
  } = {},
): RecordedStep {
  const { events, action = 'click', ...rest } = overrides;
  const url = rest.url ?? `${ORIGIN}/`;
  return {
    step: {
      index,
      action,
      description: `step ${index}`,
      url,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 10,
      outcome: 'ok',
    },
    result: { ok: true, code: '' },
    observation: {
      url,
      title: 'Page',
      snapshot: '- main',
      tree: { nodes: [{ role: 'main', name: '', state: {}, children: [] }] },
      screenshot: `screenshots/step-${String(index).padStart(3, '0')}.png`,
      links: [],
      images: [],
      accessibility: [],
      ...rest,
      events: { console: [], pageErrors: [], network: [], blockedNavigations: [], ...events },
    },
  };
}

export const CONTEXT = { allowedOrigins: [ORIGIN] };
