import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node
    // refuses: let Vite load it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    // Browser and process tests mostly wait on I/O, so more files than cores run at once.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'server/**/*.ts'],
      // Entry points are a few lines each, run only as processes (bundle, CLI, Node server).
      exclude: ['src/index.ts', 'src/post.ts', 'src/cli.ts', 'server/index.ts', 'src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 80 },
    },
  },
});
