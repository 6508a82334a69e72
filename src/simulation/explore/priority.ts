/**
 * What the change touched, as words to look for on the page: `app/routes/favorites.mjs` and
 * `src/components/FavoriteButton.tsx` both say "favorite", which a link "Favourites" or a button
 * "Add to favourites" should match. Pages and elements that match are exercised first.
 */

/** Path parts that say where code lives, not what it does. */
const GENERIC = new Set([
  'src',
  'app',
  'apps',
  'lib',
  'libs',
  'pages',
  'page',
  'routes',
  'route',
  'components',
  'component',
  'views',
  'view',
  'public',
  'static',
  'assets',
  'styles',
  'style',
  'css',
  'scss',
  'index',
  'main',
  'layout',
  'layouts',
  'server',
  'client',
  'api',
  'utils',
  'util',
  'helpers',
  'helper',
  'hooks',
  'hook',
  'store',
  'stores',
  'types',
  'type',
  'test',
  'tests',
  'spec',
  'specs',
  'mock',
  'mocks',
  'fixtures',
  'config',
  'common',
  'shared',
  'core',
  'modules',
  'module',
  'controllers',
  'controller',
  'handlers',
  'handler',
  'models',
  'model',
  'services',
  'service',
  'templates',
  'template',
  'partials',
  'demo',
  'packages',
  'button',
  'buttons',
  'form',
  'forms',
  'list',
  'item',
  'items',
  'modal',
  'dialog',
  'card',
  'new',
  'edit',
  'the',
  'and',
  'for',
  'with',
  'readme',
  'package',
  'lock',
  'github',
  'workflows',
  'node',
  'dist',
  'build',
]);

/** Words of `text`: camelCase, kebab, snake and dots split, lower-cased. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter(Boolean);
}

/**
 * A word's comparable form: British spellings folded (favourite → favorite, colour → color)
 * and plurals dropped, so "Favourites" and "favorites.mjs" agree.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  // Only long words: "favour", "colour", "behaviour"; not "your", "hour", "four".
  if (w.length >= 6) w = w.replace(/our(?=s?$|ite|ed|ing|able)/, 'or');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** Stems from changed file paths, each weighted by how many changed files mention it. */
export type ChangeTokens = ReadonlyMap<string, number>;

/** Extracts the tokens of the changed files (file extensions and generic folder names dropped). */
export function changeTokens(changedFiles: readonly string[]): ChangeTokens {
  const tokens = new Map<string, number>();
  for (const file of changedFiles) {
    const parts = file.split(/[\\/]/);
    const last = parts.pop() ?? '';
    // `favorites.test.tsx` → `favorites`; a dotfile keeps its name.
    const base = last.startsWith('.') ? last.slice(1) : (last.split('.')[0] ?? '');
    const seen = new Set<string>();
    for (const word of [...parts, base].flatMap(words)) {
      if (word.length < 3 || /^\d+$/.test(word) || GENERIC.has(word)) continue;
      const s = stem(word);
      if (GENERIC.has(s) || seen.has(s)) continue;
      seen.add(s);
      tokens.set(s, (tokens.get(s) ?? 0) + 1);
    }
  }
  return tokens;
}

/** How strongly `text` (a link name, a URL path, a button label) relates to the change. */
export function relevance(text: string, tokens: ChangeTokens): number {
  if (tokens.size === 0) return 0;
  let score = 0;
  const matched = new Set<string>();
  for (const word of words(text)) {
    const s = stem(word);
    for (const [token, weight] of tokens) {
      if (matched.has(token)) continue;
      // A prefix of four letters or more also counts: "fav" is too short, "favorit" is not.
      const related =
        s === token ||
        (token.length >= 4 && s.startsWith(token)) ||
        (s.length >= 4 && token.startsWith(s));
      if (related) {
        matched.add(token);
        score += weight;
      }
    }
  }
  return score;
}
