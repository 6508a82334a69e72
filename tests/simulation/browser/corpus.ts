/**
 * A page of tricky names and structures, written out by hand: names holding what YAML quotes
 * (`: `, ` #`, braces, backticks), quotes of both kinds, emoji, right-to-left text, a
 * 500-character name, an iframe, an open shadow root, and `aria-label` against content. Each
 * control writes its id into `#log` when used, so a test sees what was really clicked or filled.
 */

/** A control of the corpus: how a person names it, and what using it should do. */
export interface CorpusControl {
  id: string;
  role: 'button' | 'link' | 'checkbox' | 'textbox';
  /** The accessible name, as written in the HTML (the oracle). */
  name: string;
  /** Lives inside the iframe (its log is the frame's own). */
  inFrame?: boolean;
}

const LONG = `Accept the terms: ${'very long clause, '.repeat(26)}end`.slice(0, 500);

export const CONTROLS: CorpusControl[] = [
  { id: 'issue', role: 'button', name: 'Issue #42' },
  { id: 'step', role: 'link', name: 'Step 1: Details' },
  { id: 'draft', role: 'button', name: 'Save {draft}' },
  { id: 'pay', role: 'button', name: 'Total: $5 — pay' },
  { id: 'search', role: 'checkbox', name: 'Search: issues #1' },
  { id: 'tick', role: 'button', name: 'Run `npm test`' },
  { id: 'quotes', role: 'button', name: `Say "hi" & 'bye'` },
  { id: 'emoji', role: 'button', name: '👍 Like 🎉' },
  { id: 'rtl', role: 'button', name: 'שמור שינויים' },
  { id: 'long', role: 'button', name: LONG },
  { id: 'yes', role: 'button', name: 'yes' },
  { id: 'dash', role: 'button', name: '- 42 -' },
  { id: 'close', role: 'button', name: 'Close dialog' },
  { id: 'email', role: 'textbox', name: 'Email: work #2' },
  { id: 'shadow', role: 'button', name: 'Shadow {root}: go' },
  { id: 'framed', role: 'button', name: 'Inside frame: OK #1', inFrame: true },
];

const LOG = `<p id="log" role="status"></p>
<script>
  const log = (id) => { document.getElementById('log').textContent += ' used:' + id; };
  document.addEventListener('click', (e) => { const t = e.composedPath()[0].closest?.('[data-id]'); if (t) { e.preventDefault(); log(t.dataset.id); } });
  document.addEventListener('input', (e) => { const t = e.target.closest?.('[data-id]'); if (t) log(t.dataset.id + '=' + t.value); });
</script>`;

const FRAME = `<!doctype html><html lang="en"><body><button data-id="framed">Inside frame: OK #1</button>${LOG}</body></html>`;

/** The corpus page (`/`) and its iframe (`/frame`). */
export const CORPUS_PAGES: Record<string, string> = {
  '/': `<!doctype html><html lang="en"><head><title>Corpus: "tricky" #1</title></head><body><main>
  <h1>Order #42: “Review” — step 2</h1>
  <p>Your order <b>was placed</b> and is on its way.</p>
  <div><span>Shipping to</span> <span>Baker Street</span></div>
  <button data-id="issue">Issue #42</button>
  <a href="#s1" data-id="step">Step 1: Details</a>
  <button data-id="draft">Save {draft}</button>
  <button data-id="pay">Total: $5 — pay</button>
  <label><input type="checkbox" data-id="search"> Search: issues #1</label>
  <button data-id="tick">Run \`npm test\`</button>
  <button data-id="quotes">Say "hi" &amp; 'bye'</button>
  <button data-id="emoji">👍 Like 🎉</button>
  <button data-id="rtl" dir="rtl">שמור שינויים</button>
  <button data-id="long">${LONG}</button>
  <button data-id="yes">yes</button>
  <button data-id="dash">- 42 -</button>
  <button data-id="close" aria-label="Close dialog">×</button>
  <label>Email: work #2 <input data-id="email"></label>
  <div id="host"></div>
  <iframe src="/frame" title="Embedded"></iframe>
  ${LOG}
  <script>
    const root = document.getElementById('host').attachShadow({ mode: 'open' });
    root.innerHTML = '<button data-id="shadow">Shadow {root}: go</button>';
  </script>
</main></body></html>`,
  '/frame': FRAME,
  '/other': `<!doctype html><html lang="en"><head><title>Other</title></head><body><main>
  <h1>Another page</h1>
  ${Array.from({ length: 30 }, (_, i) => `<button data-id="other-${i}">Other ${i}</button>`).join('\n  ')}
  ${LOG}
</main></body></html>`,
};
