import { layout } from '../components/layout.mjs';
import { html } from '../html.mjs';
import { sendHtml } from '../http.mjs';

function newNotePage() {
  return layout({
    title: 'New note',
    current: '/notes/new',
    body: html`<h1>Write a note</h1>
      <form class="panel form" id="note-form" data-endpoint="/api/notes" novalidate>
        <label for="title">Title</label>
        <input id="title" name="title" type="text" required autocomplete="off" />
        <label for="body">Note</label>
        <textarea id="body" name="body" rows="5"></textarea>
        <label for="tags">Tags (comma separated)</label>
        <input id="tags" name="tags" type="text" autocomplete="off" />
        <label for="reminder">Reminder email (optional)</label>
        <input id="reminder" name="reminder" type="email" autocomplete="email" />
        <div class="toolbar">
          <button type="submit" class="button">Save note</button>
        </div>
        <p role="status" class="status" id="form-status"></p>
      </form>`,
  });
}

export const routes = [
  {
    method: 'GET',
    path: '/notes/new',
    handler: ({ res }) => sendHtml(res, newNotePage()),
  },
];
