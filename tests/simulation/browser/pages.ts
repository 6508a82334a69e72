/** Test pages with planted problems, shared by the driver and checks tests. */
import type { RouteAnswer } from '../../helpers/static-server.js';

/** A cross-origin URL on loopback (never reached: the driver blocks it before any traffic). */
export const AWAY_URL = 'http://127.0.0.2:9/away';

export const PAGES: Record<string, RouteAnswer> = {
  '/': `<!doctype html><html lang="en"><head><title>Shop</title></head><body><main>
    <h1>Shop</h1>
    <button id="save" onclick="console.error('save exploded'); throw new Error('kaput on save')">Save</button>
    <button id="load" onclick="fetch('/api/items').then(r => { document.getElementById('out').textContent = 'Load failed: ' + r.status; })">Load</button>
    <p id="out"></p>
    <button class="icon"></button>
    <a href="/missing">Missing page</a>
    <a href="/form">Form</a>
    <a href="${AWAY_URL}">Elsewhere</a>
    <img src="/missing.png" alt="Logo">
    <img src="/ok.svg" alt="Fine">
  </main></body></html>`,
  '/ok.svg': {
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
  },
  '/api/items': { status: 500, contentType: 'application/json', body: '{"error":"db down"}' },
  '/form': `<!doctype html><html lang="en"><head><title>Form</title></head><body><main>
    <h1>Profile</h1>
    <label>Name <input id="name" onkeydown="if (event.key === 'Enter') document.getElementById('hello').textContent = 'Hello ' + this.value"></label>
    <p id="hello"></p>
    <label>Color <select id="color" onchange="document.getElementById('picked').textContent = 'Color: ' + this.value"><option>Red</option><option>Blue</option></select></label>
    <p id="picked"></p>
    <label><input type="checkbox" onchange="document.getElementById('agreed').textContent = this.checked ? 'Agreed' : ''"> Agree</label>
    <p id="agreed"></p>
    <button onmouseenter="document.getElementById('tip').textContent = 'Tooltip shown'">Help</button>
    <p id="tip"></p>
    <button onclick="this.textContent = 'Saved'; setTimeout(() => document.getElementById('late').textContent = 'All done', 300)">Save</button>
    <p id="late"></p>
  </main></body></html>`,
  '/tabs': `<!doctype html><html lang="en"><head><title>Tabs</title></head><body><main>
    <a href="/form" target="_blank">Open form</a>
    <a href="${AWAY_URL}" target="_blank">Open elsewhere</a>
  </main></body></html>`,
  // A hover card that takes 2.5 s of the page's main thread to draw: the click's actionability
  // check (its pointer move hovers the button) outlasts its short first bound with nothing in the
  // way, as on a starved machine.
  '/busy-hover': `<!doctype html><html lang="en"><head><title>Busy hover</title></head><body><main>
    <button onmouseover="if (!window.drawn) { window.drawn = true; const end = performance.now() + 2500; while (performance.now() < end); }"
      onclick="document.getElementById('out').textContent = 'Card opened'">Open card</button>
    <p id="out"></p>
  </main></body></html>`,
  '/width': `<!doctype html><html lang="en"><head><title>Width</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
    <body><main><p id="w"></p><script>document.title = 'width=' + window.innerWidth + ' touch=' + navigator.maxTouchPoints;</script></main></body></html>`,
};

/** The `[ref=eN]` of the first snapshot line matching `role "name"` (e.g. `button "Save"`). */
export function refOf(snapshot: string, roleAndName: string): string {
  const line = snapshot
    .split('\n')
    .find((l) => l.includes(`${roleAndName} `) || l.includes(`${roleAndName}:`));
  const ref = line && /\[ref=(e\d+)\]/.exec(line)?.[1];
  if (!ref) throw new Error(`no ${roleAndName} in snapshot:\n${snapshot}`);
  return ref;
}
