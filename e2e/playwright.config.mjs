// Browser tests against the real server (started by global-setup.mjs on a random port).
// Two projects: hydrated (JavaScript on) and no-js (JavaScript off; tests tagged @js skip).
import { defineConfig } from '@playwright/test';
import { freePort } from './support/ports.mjs';

// Chosen once in the main process; workers inherit the environment.
process.env.STAFFPORT_E2E_PORT ||= String(await freePort());

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  globalSetup: './global-setup.mjs',
  use: {
    baseURL: `http://127.0.0.1:${process.env.STAFFPORT_E2E_PORT}`,
    screenshot: 'only-on-failure',
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false }, grepInvert: /@js/ },
  ],
});
