import { html } from '../html.mjs';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/notes', label: 'Notes' },
  { href: '/notes/new', label: 'New note' },
  { href: '/favorites', label: 'Favourites' },
  { href: '/settings', label: 'Settings' },
  { href: '/about', label: 'About' },
];

/** The page shell: head, header with the main navigation, content, footer. */
export function layout({ title, current, body, scripts = [] }) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Notebook</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/styles.css" />
      </head>
      <body>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/" aria-label="Notebook home"
              ><span aria-hidden="true">✎</span> Notebook</a
            >
            <nav aria-label="Main">
              <ul class="nav">
                ${NAV.map(
                  (item) =>
                    html`<li>
                      <a
                        href="${item.href}"
                        ${item.href === current ? html` aria-current="page"` : ''}
                        >${item.label}</a
                      >
                    </li>`,
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">${body}</main>
        <footer class="site-footer">
          <div class="wrap">Notebook · a demo app for myfav-coworker</div>
        </footer>
        <script type="module" src="/static/app.js"></script>
        ${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
      </body>
    </html>`;
}
