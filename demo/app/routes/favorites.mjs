// Favourites (added by the PR): star a note from its page, find starred notes on /favorites.
import { layout } from '../components/layout.mjs';
import { noteCard } from '../components/note-card.mjs';
import { html } from '../html.mjs';
import { readJson, sendHtml, sendJson } from '../http.mjs';
import { getNote, listNotes } from '../store.mjs';

const favorites = new Set();

/** Whether the note with this id is starred. */
export function isFavorite(id) {
  return favorites.has(Number(id));
}

function favoritesPage() {
  const starred = listNotes().filter((note) => favorites.has(note.id));
  return layout({
    title: 'Favourites',
    current: '/favorites',
    body: html`<section class="hero hero-small">
        <img
          class="banner"
          src="/static/favorites-banner.svg"
          alt="Three golden stars"
          width="160"
          height="48"
        />
        <h1>Favourites</h1>
        <p>The notes you starred, all in one place.</p>
      </section>
      ${
        starred.length
          ? html`<ul class="cards">
              ${starred.map((note) => noteCard(note))}
            </ul>`
          : html`<p class="panel empty">
              No favourites yet. Open a note and press “Add to favourites”.
              <a href="/notes">Browse notes</a>
            </p>`
      }`,
  });
}

async function updateFavorite({ req, res }) {
  const input = await readJson(req);
  const note = getNote(input?.noteId);
  if (!note) return sendJson(res, { error: 'No such note.' }, 404);
  if (input.favorite === false) favorites.delete(note.id);
  else favorites.add(note.id);
  sendJson(res, { noteId: note.id, favorite: favorites.has(note.id) });
}

export const routes = [
  {
    method: 'GET',
    path: '/favorites',
    handler: ({ res }) => sendHtml(res, favoritesPage()),
  },
  { method: 'POST', path: '/api/favorites', handler: updateFavorite },
];
