import { describe, expect, it } from 'vitest';
import {
  changeTokens,
  relevance,
  sampleValue,
  skipReason,
} from '../../../src/simulation/explore/index.js';
import { linkTarget, pageTemplate } from '../../../src/simulation/explore/rules.js';

describe('changeTokens and relevance', () => {
  const tokens = changeTokens([
    'app/routes/favorites.mjs',
    'src/components/FavoriteButton.tsx',
    'app/components/layout.mjs',
    'app/routes/notes.mjs',
    'src/user-profile/edit_form.tsx',
  ]);

  it('takes words from paths, split by case, dash and underscore, without generic folders', () => {
    expect(Object.fromEntries(tokens)).toEqual({ favorite: 2, note: 1, user: 1, profile: 1 });
  });

  it('matches British spellings and plurals, and weighs what the change touched most', () => {
    expect(relevance('Favourites', tokens)).toBe(2);
    expect(relevance('Add to favourites', tokens)).toBe(2);
    expect(relevance('/notes/3 Books to read', tokens)).toBe(1);
    expect(relevance('/user/profile', tokens)).toBe(2);
    expect(relevance('About us', tokens)).toBe(0);
    expect(relevance('Settings', changeTokens([]))).toBe(0);
  });
});

describe('sampleValue', () => {
  it('picks a value that fits the field', () => {
    expect(sampleValue({ role: 'textbox', name: 'Reminder email (optional)' })).toBe(
      'test@example.com',
    );
    expect(sampleValue({ role: 'spinbutton', name: 'Qty' })).toBe('42');
    expect(sampleValue({ role: 'textbox', name: 'Amount' })).toBe('42');
    expect(sampleValue({ role: 'textbox', name: 'Title' })).toBe('Sample text');
    expect(sampleValue({ role: 'textbox', name: '', placeholder: 'you@example.org' })).toBe(
      'test@example.com',
    );
  });
});

describe('skipReason and links', () => {
  it('leaves destructive, session-ending and download actions alone', () => {
    expect(skipReason({ role: 'button', name: 'Delete note' })).toBe('destructive');
    expect(skipReason({ role: 'button', name: 'Reset settings' })).toBe('destructive');
    expect(skipReason({ role: 'button', name: 'Sign out' })).toBe('ends the session');
    expect(skipReason({ role: 'link', name: 'Bye', url: '/logout' })).toBe('ends the session');
    expect(skipReason({ role: 'link', name: 'Download all notes', url: '/api/x' })).toBe(
      'download',
    );
    expect(skipReason({ role: 'link', name: 'Invoice', url: '/files/a.pdf?v=1' })).toBe('download');
    expect(skipReason({ role: 'button', name: 'Save settings' })).toBeNull();
    expect(skipReason({ role: 'button', name: 'Add to favourites' })).toBeNull();
  });

  it('follows only http links on the app origin, without fragments', () => {
    const page = 'http://127.0.0.1:4000/notes/1';
    const origin = 'http://127.0.0.1:4000';
    expect(linkTarget('/about#team', page, origin)).toBe('http://127.0.0.1:4000/about');
    expect(linkTarget('2', page, origin)).toBe('http://127.0.0.1:4000/notes/2');
    expect(linkTarget('https://github.com/x', page, origin)).toBeNull();
    expect(linkTarget('mailto:a@example.com', page, origin)).toBeNull();
    expect(linkTarget('javascript:void(0)', page, origin)).toBeNull();
    expect(linkTarget('http://127.0.0.1:4001/', page, origin)).toBeNull();
  });

  it('sees /notes/1 and /notes/2 as the same kind of page', () => {
    expect(pageTemplate('http://h/notes/12')).toBe('/notes/:id');
    expect(pageTemplate('http://h/u/3f2a9c1e7b/edit')).toBe('/u/:id/edit');
    expect(pageTemplate('http://h/notes/new')).toBe('/notes/new');
  });
});
