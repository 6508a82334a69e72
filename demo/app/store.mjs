// In-memory data: the demo needs no database, and every start begins from the same notes.

const notes = [
  {
    id: 1,
    title: 'Groceries for the week',
    body: 'Oat milk, ripe tomatoes, fresh basil, a sourdough loaf and something sweet for Friday.',
    tags: ['home'],
    createdAt: '2026-03-02',
  },
  {
    id: 2,
    title: 'Ideas for the team offsite',
    body: 'A walk by the river in the morning, a short retro after lunch, dinner somewhere quiet.',
    tags: ['work', 'planning'],
    createdAt: '2026-03-04',
  },
  {
    id: 3,
    title: 'Books to read next',
    body: 'The Left Hand of Darkness, A Pattern Language, and the new one everybody talks about.',
    tags: ['reading'],
    createdAt: '2026-03-07',
  },
];
let nextId = notes.length + 1;

const DEFAULT_SETTINGS = { digest: false, theme: 'system' };
let settings = { ...DEFAULT_SETTINGS };

export const THEMES = ['system', 'light', 'dark'];

export function listNotes() {
  return [...notes];
}

export function getNote(id) {
  return notes.find((note) => note.id === Number(id)) ?? null;
}

export function addNote({ title, body, tags }) {
  const note = {
    id: nextId++,
    title,
    body,
    tags,
    createdAt: new Date().toISOString().slice(0, 10),
  };
  notes.push(note);
  return note;
}

export function deleteNote(id) {
  const index = notes.findIndex((note) => note.id === Number(id));
  if (index < 0) return false;
  notes.splice(index, 1);
  return true;
}

export function getSettings() {
  return { ...settings };
}

export function saveSettings(next) {
  settings = { ...settings, ...next };
  return getSettings();
}

export function resetSettings() {
  settings = { ...DEFAULT_SETTINGS };
  return getSettings();
}
