/**
 * The verdict card's page (an MCP Apps view): one HTML document with its script and styles
 * inline, loading nothing else. It speaks the MCP Apps protocol to its host over postMessage
 * (JSON-RPC: `ui/initialize`, then the tool results the host sends, and `tools/call` through
 * the host): a finished job shows its verdict, criteria, findings and screenshot; a running one
 * shows its status and asks `get_simulation` (waiting) until the run ends, then `get_report`.
 * Pages that changed visually show the base's and the PR's picture, which `get_report` hands
 * over in its result's `_meta` as `data:image/jpeg` URLs (checked here before use).
 * Run text is put into the page as text, never as markup.
 *
 * Why not ext-apps' own `App` class: it brings the MCP SDK's protocol layer and zod into the
 * page, and the card must be one document with its script inline (hosts load nothing else,
 * and its CSP allows no other script). With ext-apps 1.7.5, the package's self-contained
 * build (`app-with-deps.js`) is 337 KB minified, and `App` with its transport bundled by
 * esbuild (minified, tree-shaken) 509 KB: each over 40 times this whole page, for the handful
 * of messages the card uses. tests/server/verdict-card.test.ts drives this page with ext-apps'
 * own host side (`AppBridge`), so a message that diverges from the package's fails there.
 */
import { CARD_PICTURES_META } from './card-data.js';

/** The page's script, as the browser runs it. */
const SCRIPT = String.raw`
const PROTOCOL = '2026-01-26';
const PICTURES_META = ${JSON.stringify(CARD_PICTURES_META)};
const pending = new Map();
let nextId = 1;
let jobId = null;
let polling = false;

function send(message) { window.parent.postMessage(Object.assign({ jsonrpc: '2.0' }, message), '*'); }
function request(method, params) {
  const id = nextId++;
  send({ id: id, method: method, params: params });
  return new Promise(function (resolve, reject) { pending.set(id, { resolve: resolve, reject: reject }); });
}
function unfence(text) {
  return String(text).replace(/^<untrusted-run-data id="\w+">\n/, '').replace(/\n<\/untrusted-run-data id="\w+">$/, '');
}
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
function section(title, items) {
  const box = el('section');
  box.append(el('h2', title));
  const list = el('ul');
  items.forEach(function (item) { list.append(item); });
  box.append(list);
  return box;
}
function render(parts) {
  const root = document.getElementById('card');
  root.replaceChildren.apply(root, parts);
}
function statusView(job) {
  const phase = { pending: 'Queued', running: 'Running', completed: 'Finished', failed: 'Failed' }[job.status] || job.status;
  const parts = [el('p', phase, 'status status-' + job.status), el('p', 'Job ' + job.job_id + ' for ' + job.pr_url, 'job')];
  if (job.error) parts.push(el('p', unfence(job.error), 'reason'));
  return parts;
}
function linkTo(url) {
  const link = el('a', 'Full report (HTML, screenshots, trace)');
  link.href = url;
  link.addEventListener('click', function (event) { event.preventDefault(); request('ui/open-link', { url: url }); });
  return link;
}
const JPEG_URL = /^data:image\/jpeg;base64,[A-Za-z0-9+\/]+=*$/;
function picturePair(pair, page) {
  const box = el('div', undefined, 'pair');
  [['before', 'Before (base)'], ['after', 'After (this PR)']].forEach(function (side) {
    const url = pair[side[0]];
    if (typeof url !== 'string' || !JPEG_URL.test(url)) return;
    const figure = el('figure');
    const picture = el('img');
    picture.src = url;
    picture.alt = side[1] + ': ' + page;
    figure.append(picture, el('figcaption', side[1]));
    box.append(figure);
  });
  return box;
}
function reportView(card, job, images, visualPictures) {
  const parts = [el('p', card.verdict.toUpperCase(), 'verdict verdict-' + card.verdict)];
  if (job) parts.push(el('p', 'Job ' + job.job_id + ' for ' + job.pr_url, 'job'));
  parts.push(el('p', unfence(card.summary), 'summary'));
  if (card.criteria.length) parts.push(section('Criteria', card.criteria.map(function (c) { return el('li', c.status + ': ' + unfence(c.description), 'criterion-' + c.status); })));
  [['new', 'New findings'], ['preexisting', 'Already on the base'], ['flaky', 'Flaky'], ['found', 'Findings']].forEach(function (group) {
    const items = card.findings.filter(function (f) { return f.kind === group[0]; });
    if (items.length) parts.push(section(group[1], items.map(function (f) { return el('li', f.severity + ': ' + unfence(f.title)); })));
  });
  if (card.fixed.length) parts.push(section('Fixed by this PR', card.fixed.map(function (f) { return el('li', f.severity + ': ' + unfence(f.title)); })));
  if (card.visual.length) parts.push(section('Looks different from the base', card.visual.map(function (v, i) {
    const item = el('li', unfence(v.page) + ': ' + Math.round(v.ratio * 1000) / 10 + '% of pixels' + (v.expected ? '' : ' (unexpected)'));
    const pair = visualPictures[i];
    if (pair) item.append(picturePair(pair, unfence(v.page)));
    return item;
  })));
  images.forEach(function (image) {
    const picture = el('img');
    picture.src = 'data:' + image.mimeType + ';base64,' + image.data;
    picture.alt = 'Screenshot of the failing step';
    parts.push(picture);
  });
  const url = card.report_url || (job && job.artifact_url);
  if (url) parts.push(linkTo(url));
  return parts;
}
function show(result) {
  const data = (result && result.structuredContent) || {};
  const images = ((result && result.content) || []).filter(function (c) { return c.type === 'image'; });
  const meta = (result && result._meta) || {};
  const visualPictures = Array.isArray(meta[PICTURES_META]) ? meta[PICTURES_META] : [];
  if (data.card) { render(reportView(data.card, data.job, images, visualPictures)); return; }
  if (!data.job) return;
  jobId = data.job.job_id;
  render(statusView(data.job));
  if (data.job.status === 'completed') fetchReport();
  else if (data.job.status !== 'failed') poll();
}
function fetchReport() {
  request('tools/call', { name: 'get_report', arguments: { job_id: jobId, format: 'json' } }).then(show, showError);
}
function poll() {
  if (polling) return;
  polling = true;
  request('tools/call', { name: 'get_simulation', arguments: { job_id: jobId, wait_seconds: 20 } }).then(function (result) {
    polling = false;
    show(result);
  }, showError);
}
function showError(error) {
  polling = false;
  render([el('p', 'Could not refresh: ' + error.message, 'error')]);
}
window.addEventListener('message', function (event) {
  if (event.source !== window.parent) return;
  const message = event.data;
  if (!message || message.jsonrpc !== '2.0') return;
  if (message.method === undefined && pending.has(message.id)) {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  } else if (message.method === 'ui/notifications/tool-result') {
    show(message.params);
  } else if (message.id !== undefined && message.method !== undefined) {
    send({ id: message.id, result: {} }); // teardown, ping: nothing to keep
  }
});
request('ui/initialize', { appInfo: { name: 'myfav-coworker verdict card', version: '1.0.0' }, appCapabilities: {}, protocolVersion: PROTOCOL })
  .then(function () { send({ method: 'ui/notifications/initialized', params: {} }); });
`;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;padding:.75rem 1rem;line-height:1.4;color:#1f2328}
h2{font-size:.95rem;margin:.75rem 0 .25rem}ul{margin:0;padding-left:1.2rem}
.verdict,.status{font-size:1.3rem;font-weight:700;margin:0}
.verdict-pass{color:#1a7f37}.verdict-fail,.verdict-error,.status-failed{color:#cf222e}
.verdict-inconclusive,.status-pending,.status-running{color:#9a6700}
.job,.reason{color:#59636e;margin:.25rem 0}img{max-width:100%;margin-top:.75rem;border:1px solid #d1d9e0}
a{display:inline-block;margin-top:.75rem}
.pair{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem;margin:.25rem 0 .5rem}
.pair figure{margin:0}.pair img{margin-top:0;width:100%;max-height:240px;object-fit:contain}
figcaption{font-size:.8rem;color:#59636e}
`;

/** Only what the page holds inline, and screenshots as data: URIs; no requests anywhere. */
export const CARD_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** The card's HTML document. */
export const CARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CARD_CSP}">
<title>myfav-coworker verdict</title><style>${STYLE}</style></head>
<body><main id="card" aria-live="polite"><p class="status">Waiting for the result…</p></main>
<script>${SCRIPT}</script></body></html>`;
