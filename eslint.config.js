// ESLint flat config. The project's dependency rules are lint rules here, so a wrong import fails
// CI instead of relying on review: each third-party SDK is imported by one adapter (ADAPTERS);
// src/simulation (the engine) knows nothing of GitHub or the action; src/contract imports only
// zod; src/report sees only src/contract; server/ shares only src/contract and src/report with
// the action and never loads Playwright; no production code imports tests/, fakes/, fixtures/
// or harness/, and the demo, sandbox and benchmarks never import tests/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Third-party SDKs that exactly one adapter file (or folder) may import. */
const ADAPTERS = {
  'playwright-core': ['src/simulation/browser/playwright-api.ts'],
  '@axe-core/playwright': ['src/simulation/browser/playwright-page-extras.ts'],
  // The declaration gives axe-core's minified build the types of its main entry.
  'axe-core': [
    'src/simulation/browser/playwright-page-extras.ts',
    'src/simulation/browser/axe-core-min.d.ts',
  ],
  // The model adapters: one folder, one file per provider's client, sharing the Messages mapping.
  '@anthropic-ai/sdk': ['src/simulation/agent/models/*.ts'],
  '@anthropic-ai/bedrock-sdk': ['src/simulation/agent/models/bedrock.ts'],
  '@anthropic-ai/vertex-sdk': ['src/simulation/agent/models/vertex.ts'],
  '@upstash/redis': ['server/store/upstash-store.ts'],
  '@actions/core': ['src/action/**/*.ts'],
  '@actions/artifact': ['src/github/artifact-uploader.ts'],
  '@actions/github': ['src/github/octokit.ts'],
  pixelmatch: ['src/simulation/compare/image-diff.ts'],
  // V8 coverage → source lines: the parser and the converter, behind one module.
  acorn: ['src/simulation/coverage/istanbul-convert.ts'],
  'ast-v8-to-istanbul': ['src/simulation/coverage/istanbul-convert.ts'],
  pngjs: ['src/simulation/compare/image-diff.ts', 'src/simulation/picture.ts'],
  'jpeg-js': ['src/simulation/picture.ts'],
  // Reading a picture's size from its header, in the engine and in the report's renderer.
  'image-size': ['src/report/html-target.ts'],
};

const TESTS = { regex: '(^|/)tests/', message: 'Production code never imports tests/.' };
/** What the demo, sandbox and benchmarks share with the tests: never part of the product. */
const SHARED = {
  regex: '^(\\.\\./)+(fakes|fixtures|harness)/',
  message:
    'Production code never imports fakes/, fixtures/ or harness/ (demo, sandbox and test harness).',
};
/** The folders that run outside the tests yet may share only the folders above, never tests/. */
const OUTSIDE_TESTS =
  '{bench,scripts,demo,fakes,fixtures,harness,third-party}/**/*.{ts,mts,js,mjs}';

/** no-restricted-imports patterns for every adapter package except the ones named. */
function sdkPatterns(except = []) {
  return Object.keys(ADAPTERS)
    .filter((name) => !except.includes(name))
    .map((name) => ({
      group: [name, `${name}/*`],
      message: `Only ${ADAPTERS[name].join(', ')} may import ${name} (one adapter per SDK).`,
    }));
}

const ENGINE_ONLY = [
  { group: ['@actions/*', '@octokit/*'], message: 'simulation/ knows nothing of GitHub.' },
  {
    regex: '^(\\.\\./)+(github|action|main|index|cli)(/|\\.js$)',
    message: 'simulation/ knows nothing of GitHub or the action.',
  },
];

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      '.tmp/**',
      '.wrangler/**',
      'coworker-report/**',
      'tests/fixtures/**/node_modules/**',
      'fixtures/**/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Browser-side scripts of fixture apps and the HTML report run in a page, not in Node.
  {
    files: ['tests/fixtures/**/*.js', 'fixtures/**/*.js', 'demo/**/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The third-party apps' page scripts (the apps' own globals come from their bundles).
  {
    files: ['third-party/content/**/*.js'],
    languageOptions: {
      globals: {
        ...globals.browser,
        SwaggerUIBundle: 'readonly',
        SwaggerUIStandalonePreset: 'readonly',
      },
    },
  },
  // Production code: SDKs only through their adapter, never tests/, fakes/, fixtures/ or harness/.
  {
    files: ['src/**/*.ts', 'server/**/*.ts'],
    rules: restrict([...sdkPatterns(), TESTS, SHARED]),
  },
  // Demo, sandbox, benchmarks and what they share never reach into tests/.
  {
    files: [OUTSIDE_TESTS],
    rules: restrict([
      {
        ...TESTS,
        message:
          'Demo, sandbox and benchmarks never import tests/: share through fakes/, fixtures/ or harness/.',
      },
    ]),
  },
  // The engine knows nothing of GitHub or @actions/*.
  {
    files: ['src/simulation/**/*.ts'],
    rules: restrict([...sdkPatterns(), ...ENGINE_ONLY, TESTS, SHARED]),
  },
  // contract/ imports only zod (and itself).
  {
    files: ['src/contract/**/*.ts'],
    rules: restrict([{ regex: '^(?!zod$|\\./)', message: 'src/contract imports only zod.' }]),
  },
  // report/ is pure: the contract and itself.
  {
    files: ['src/report/**/*.ts'],
    rules: restrict([
      ...sdkPatterns(),
      {
        regex: '^(\\.\\./)+(simulation|github|action|main|index|cli)(/|\\.js$)',
        message: 'src/report is pure: it sees only src/contract.',
      },
      TESTS,
      SHARED,
    ]),
  },
  // server/ shares only src/contract and src/report with the action, and never Playwright.
  {
    files: ['server/**/*.ts'],
    rules: restrict([
      ...sdkPatterns(['@upstash/redis']),
      {
        group: ['playwright', 'playwright-core', '@actions/*'],
        message: 'server/ never imports Playwright or @actions/*.',
      },
      {
        regex: '^(\\.\\./)+src/(?!contract/|report/)',
        message: 'server/ imports only src/contract and src/report.',
      },
      TESTS,
      SHARED,
    ]),
  },
  // Each adapter may import its own SDK (the Playwright adapter also axe, which drives it).
  ...Object.entries(ADAPTERS).map(([name, files]) => ({
    files,
    rules: restrict([
      // SDKs that share an adapter file (playwright + axe, pixelmatch + pngjs) may meet there.
      ...sdkPatterns(
        Object.keys(ADAPTERS).filter(
          (other) => other === name || ADAPTERS[other].some((f) => files.includes(f)),
        ),
      ),
      ...(files.some((f) => f.startsWith('src/simulation/')) ? ENGINE_ONLY : []),
      TESTS,
      SHARED,
    ]),
  })),
);
