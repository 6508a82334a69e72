import { html } from '../html.mjs';

/** The star toggle on a note's page (public/favorites.js handles the click). */
export function favoriteButton(note, active) {
  return html`<button
    type="button"
    class="button button-secondary favorite-button"
    data-note-id="${note.id}"
    aria-pressed="${active ? 'true' : 'false'}"
  >
    <span class="star" aria-hidden="true">${active ? '★' : '☆'}</span>
    <span class="favorite-label">${active ? 'In favourites' : 'Add to favourites'}</span>
  </button>`;
}
