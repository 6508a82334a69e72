/**
 * Runs an exported `coworker.spec.ts` with Debian's Chromium. The spec folder and the app's URL
 * come from the environment (COWORKER_SPEC_DIR, BASE_URL), set by the agent test.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';

export default defineConfig({
  testDir: process.env.COWORKER_SPEC_DIR ?? '.',
  testMatch: /coworker\.spec\.ts$/,
  timeout: 60_000,
  workers: 1,
  reporter: 'line',
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', ...CHROMIUM_FLAGS],
    },
  },
});
