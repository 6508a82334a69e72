/**
 * `npm run bench:observe:fixtures`: bytes the model is shown per step (our compact view or delta) against
 * the raw `ariaSnapshot({ mode: 'ai' })` of the same page, on the fixture apps, walking the same
 * path a tester would. Also checks that every interactive element of each raw snapshot is still
 * reachable by ref in our compact view. Prints figures; asserts nothing about speed.
 */
import { FIXTURE_VARIANTS, type FixtureVariant } from '../fixtures/fixture-repo.js';
import { openBrowser, startFixture } from '../fixtures/fixture-app.js';
import type { BrowserAction } from '../src/simulation/browser/driver.js';
import { Perception, wrapUntrusted } from '../src/simulation/agent/perception.js';
import {
  compactView,
  interactiveNodes,
  refPrefix,
  shortRef,
} from '../src/simulation/page/index.js';

/** A step of the walk: an action whose target is found by role and name in the current page. */
type WalkStep =
  | { kind: 'navigate'; path: string }
  | { kind: 'click' | 'hover'; role: string; name: RegExp }
  | { kind: 'fill'; role: string; name: RegExp; value: string }
  | { kind: 'go_back' };

const WALK: WalkStep[] = [
  { kind: 'navigate', path: '/' },
  { kind: 'click', role: 'link', name: /^Notes$/ },
  { kind: 'click', role: 'link', name: /./ },
  { kind: 'click', role: 'button', name: /favourites/i },
  { kind: 'click', role: 'button', name: /favourites/i },
  { kind: 'hover', role: 'link', name: /^Settings$/ },
  { kind: 'click', role: 'link', name: /^Favourites$/ },
  { kind: 'go_back' },
  { kind: 'click', role: 'link', name: /^New note$/ },
  { kind: 'fill', role: 'textbox', name: /title/i, value: 'Bench note' },
  { kind: 'fill', role: 'textbox', name: /./, value: 'Typed by the bench' },
  { kind: 'navigate', path: '/settings' },
  { kind: 'navigate', path: '/about' },
];

interface Row {
  variant: FixtureVariant;
  step: number;
  action: string;
  raw: number;
  sent: number;
  kind: string;
  unreachable: number;
  /** Action + settle + page tree: the part of a step the agent waits for. */
  harnessMs: number;
}

function findRef(compact: string, role: string, name: RegExp, skip = 0): string | null {
  let seen = 0;
  for (const line of compact.split('\n')) {
    const m = /^\s*([a-z-]+)(?: "((?:[^"\\]|\\.)*)")?.*?\[((?:f\d+)?e\d+)\]/.exec(line);
    if (!m || m[1] !== role || !name.test(m[2] ?? '')) continue;
    // Skip the navigation's own links when looking for content links.
    if (seen++ < skip) continue;
    return m[3] ?? null;
  }
  return null;
}

async function benchVariant(variant: FixtureVariant): Promise<Row[]> {
  const app = await startFixture(variant);
  const browser = await openBrowser([new URL(app.url).origin]);
  const perception = new Perception();
  const rows: Row[] = [];
  // As in the agent: screenshot, links, images and axe run off the critical path.
  browser.recorder.deferExtras = true;
  try {
    for (const step of WALK) {
      let action: BrowserAction | null = null;
      const current = perception.current ?? '';
      if (step.kind === 'navigate')
        action = { kind: 'navigate', url: new URL(step.path, app.url).href };
      else if (step.kind === 'go_back') action = { kind: 'go_back' };
      else {
        // Content links: skip the 7 header links (brand + 6 nav items) for the generic "any link".
        const shown = findRef(
          current,
          step.role,
          step.name,
          step.name.source === '.' && step.role === 'link' ? 7 : 0,
        );
        const ref = shown ? perception.resolve(shown) : null;
        if (!ref) continue;
        action =
          step.kind === 'fill'
            ? { kind: 'fill', ref, value: step.value }
            : { kind: step.kind, ref };
      }
      if (!action) continue;
      // The model's thinking time covers the deferred work: wait for it outside the timing.
      await browser.session.flush?.();
      const started = performance.now();
      const recorded = await browser.recorder.record(action, action.kind);
      const harnessMs = performance.now() - started;
      const raw = recorded.observation.snapshot;
      const tree = recorded.observation.tree;
      const view = perception.view(tree);
      const prefix = refPrefix(tree);
      const compact = compactView(tree, prefix);
      const unreachable = interactiveNodes(tree).filter(
        (node) => !compact.includes(`[${shortRef(node.ref ?? '', prefix)}]`),
      );
      rows.push({
        variant,
        step: recorded.step.index,
        action: recorded.step.action,
        raw: Buffer.byteLength(raw),
        sent: Buffer.byteLength(wrapUntrusted(view.text)),
        kind: view.kind,
        unreachable: unreachable.length,
        harnessMs,
      });
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const variants = (process.argv[2]?.split(',') as FixtureVariant[] | undefined) ?? [
  ...FIXTURE_VARIANTS,
];
const all: Row[] = [];
for (const variant of variants) all.push(...(await benchVariant(variant)));

console.log('variant           step action     raw B  sent B  ratio  view  unreachable  ms');
for (const r of all) {
  console.log(
    `${r.variant.padEnd(17)} ${String(r.step).padStart(4)} ${r.action.padEnd(9)} ${String(r.raw).padStart(6)} ${String(r.sent).padStart(7)} ${(r.sent / r.raw).toFixed(2).padStart(6)}  ${r.kind.padEnd(5)} ${String(r.unreachable).padStart(11)} ${r.harnessMs.toFixed(0).padStart(4)}`,
  );
}
const ratios = all.map((r) => r.sent / r.raw);
const fullRows = all.filter((r) => r.kind === 'full');
console.log('');
console.log(`steps: ${all.length}`);
console.log(
  `median observation / raw ariaSnapshot: ${(median(ratios) * 100).toFixed(1)}% (target ≤ 40%)`,
);
console.log(
  `median full compact view / raw (new pages only): ${(median(fullRows.map((r) => r.sent / r.raw)) * 100).toFixed(1)}%`,
);
console.log(
  `total bytes sent: ${all.reduce((s, r) => s + r.sent, 0)} vs raw ${all.reduce((s, r) => s + r.raw, 0)}`,
);
console.log(
  `interactive elements unreachable by ref: ${all.reduce((s, r) => s + r.unreachable, 0)}`,
);
console.log(`median bytes sent per step: ${median(all.map((r) => r.sent))}`);
console.log(
  `median harness ms per step (action + settle + page tree): ${median(all.map((r) => r.harnessMs)).toFixed(0)}`,
);
