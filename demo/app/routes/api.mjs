import { readJson, sendJson } from '../http.mjs';
import { addNote, deleteNote, listNotes, resetSettings, saveSettings, THEMES } from '../store.mjs';

async function createNote({ req, res }) {
  const input = await readJson(req);
  const title = typeof input?.title === 'string' ? input.title.trim() : '';
  if (!title) return sendJson(res, { error: 'A note needs a title.' }, 400);
  const tags = String(input.tags ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const note = addNote({ title, body: String(input.body ?? ''), tags });
  sendJson(res, note, 201);
}

async function updateSettings({ req, res }) {
  const input = await readJson(req);
  if (!input || (input.theme !== undefined && !THEMES.includes(input.theme))) {
    return sendJson(res, { error: 'Unknown theme.' }, 400);
  }
  sendJson(res, saveSettings({ digest: Boolean(input.digest), theme: input.theme ?? 'system' }));
}

export const routes = [
  { method: 'POST', path: '/api/notes', handler: createNote },
  {
    method: 'DELETE',
    path: '/api/notes/:id',
    handler: ({ res, params }) =>
      deleteNote(params.id)
        ? sendJson(res, { deleted: true })
        : sendJson(res, { error: 'No such note.' }, 404),
  },
  {
    method: 'GET',
    path: '/api/notes/export',
    handler: ({ res }) => sendJson(res, listNotes()),
  },
  { method: 'POST', path: '/api/settings', handler: updateSettings },
  {
    method: 'POST',
    path: '/api/settings/reset',
    handler: ({ res }) => sendJson(res, resetSettings()),
  },
];
