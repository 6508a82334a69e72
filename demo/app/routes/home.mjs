import { noteCard } from '../components/note-card.mjs';
import { html } from '../html.mjs';
import { sendHtml } from '../http.mjs';
import { layout } from '../components/layout.mjs';
import { listNotes } from '../store.mjs';

function homePage() {
  const recent = listNotes().slice(-3).reverse();
  return layout({
    title: 'Home',
    current: '/',
    body: html`<section class="hero">
        <h1>Your notes, tidy and close at hand</h1>
        <p>Write things down, find them again, keep the ones that matter.</p>
        <p class="actions">
          <a class="button" href="/notes/new">Write a note</a>
          <a class="button button-secondary" href="/notes">Browse notes</a>
        </p>
      </section>
      <section>
        <h2>Recent notes</h2>
        <ul class="cards">
          ${recent.map((note) => noteCard(note, 3))}
        </ul>
      </section>`,
  });
}

export const routes = [
  {
    method: 'GET',
    path: '/',
    handler: ({ res }) => sendHtml(res, homePage()),
  },
];
