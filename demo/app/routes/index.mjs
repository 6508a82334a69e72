// Every page and API route, in matching order (`/notes/new` before `/notes/:id`).
import { routes as api } from './api.mjs';
import { routes as about } from './about.mjs';
import { routes as favorites } from './favorites.mjs';
import { routes as home } from './home.mjs';
import { routes as newNote } from './new-note.mjs';
import { routes as notes } from './notes.mjs';
import { routes as settings } from './settings.mjs';

export const routes = [...home, ...newNote, ...notes, ...favorites, ...settings, ...about, ...api];
