/**
 * Which changes a session cannot have met: only documentation and repository files, none of
 * them served. Cases written by hand.
 */
import { describe, expect, it } from 'vitest';
import { untestedChange } from '../../src/simulation/untested-change.js';

describe('untestedChange', () => {
  it('names documentation and repository files the app never served', () => {
    expect(
      untestedChange(['README.md', '.github/workflows/ci.yml', 'LICENSE'], ['/', '/app.js']),
    ).toBe(
      'the change touches only documentation or repository files (README.md, ' +
        '.github/workflows/ci.yml, LICENSE), none of which the app served in this session, ' +
        'so nothing it changed was tested',
    );
  });

  it('leaves alone docs the app served, under any folder (docsify serves docs/ at the root)', () => {
    expect(untestedChange(['docs/guide.md'], ['/', '/guide.md'])).toBeNull();
    expect(untestedChange(['docs/Release Notes.md'], ['/Release%20Notes.md'])).toBeNull();
  });

  it('never judges code, styles, images or configuration: change coverage or the page do', () => {
    expect(untestedChange(['README.md', 'src/app.js'], ['/'])).toBeNull();
    expect(untestedChange(['src/styles.css'], ['/'])).toBeNull();
    expect(untestedChange(['public/logo.png'], ['/'])).toBeNull();
    expect(untestedChange(['vite.config.ts'], ['/'])).toBeNull();
    expect(untestedChange(['docs/intro.mdx'], ['/'])).toBeNull();
    expect(untestedChange([], ['/'])).toBeNull();
  });
});
