import { layout } from '../components/layout.mjs';
import { html } from '../html.mjs';
import { sendHtml } from '../http.mjs';

function aboutPage() {
  return layout({
    title: 'About',
    current: '/about',
    body: html`<section class="panel">
      <h1>About Notebook</h1>
      <p>
        Notebook is a small demo app. It exists so that myfav-coworker has something real to test:
        pages, a form that saves, settings, and a feature added by a pull request.
      </p>
      <ul class="links">
        <li><a href="https://github.com/myfav/notebook">Source code on GitHub</a></li>
        <li><a href="mailto:hello@example.com">Email the team</a></li>
        <li><a href="/api/notes/export" download="notes.json">Download all notes</a></li>
      </ul>
    </section>`,
  });
}

export const routes = [
  {
    method: 'GET',
    path: '/about',
    handler: ({ res }) => sendHtml(res, aboutPage()),
  },
];
