/**
 * Runs an exported `coworker.spec.ts` with Debian's Chromium. The spec folder and the app's URL
 * come from the environment (COWORKER_SPEC_DIR, BASE_URL), set by the agent test.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: process.env.COWORKER_SPEC_DIR ?? '.',
  testMatch: /coworker\.spec\.ts$/,
  timeout: 60_000,
  workers: 1,
  reporter: 'line',
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
