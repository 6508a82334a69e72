import { html } from '../html.mjs';

/** A note in a list: its title links to the note (`level`: the heading level that fits the page). */
export function noteCard(note, level = 2) {
  const title = html`<a href="/notes/${note.id}">${note.title}</a>`;
  return html`<li class="card">
    ${level === 3 ? html`<h3>${title}</h3>` : html`<h2>${title}</h2>`}
    <p>${note.body}</p>
    <p class="meta">
      <span>${note.createdAt}</span>
      ${note.tags.map((tag) => html`<span class="tag">${tag}</span>`)}
    </p>
  </li>`;
}
