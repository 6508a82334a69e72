import { favoriteButton } from '../components/favorite-button.mjs';
import { layout } from '../components/layout.mjs';
import { noteCard } from '../components/note-card.mjs';
import { html } from '../html.mjs';
import { sendHtml } from '../http.mjs';
import { getNote, listNotes } from '../store.mjs';
import { isFavorite } from './favorites.mjs';

function listPage() {
  const notes = listNotes();
  return layout({
    title: 'Notes',
    current: '/notes',
    body: html`<h1>All notes</h1>
      <p class="lead">${notes.length} notes, newest last.</p>
      <ul class="cards">
        ${notes.map((note) => noteCard(note))}
      </ul>`,
  });
}

function detailPage(note) {
  return layout({
    title: note.title,
    current: '/notes',
    body: html`<p><a href="/notes">← All notes</a></p>
      <article class="panel note" data-note-id="${note.id}">
        <h1>${note.title}</h1>
        <p class="meta">
          <span>Written ${note.createdAt}</span>
          ${note.tags.map((tag) => html`<span class="tag">${tag}</span>`)}
        </p>
        <p>${note.body}</p>
        <div class="toolbar">
          ${favoriteButton(note, isFavorite(note.id))}
          <button
            type="button"
            class="button button-danger"
            data-action="delete-note"
            data-note-id="${note.id}"
          >
            Delete note
          </button>
        </div>
        <p role="status" class="status" id="note-status"></p>
      </article>`,
    scripts: ['/static/favorites.js'],
  });
}

export const routes = [
  {
    method: 'GET',
    path: '/notes',
    handler: ({ res }) => sendHtml(res, listPage()),
  },
  {
    method: 'GET',
    path: '/notes/:id',
    handler: ({ res, params }) => {
      const note = getNote(params.id);
      if (!note) return false;
      sendHtml(res, detailPage(note));
    },
  },
];
