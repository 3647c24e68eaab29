import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'client-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    // The softphone suite needs Kamailio and a loopback-only namespace: vitest.phone-e2e.config.ts.
    exclude: ['e2e/phone*', '**/node_modules/**'],
    globalSetup: ['e2e/support/build-client.ts'],
    // One browser and one server per file; files run one after another to keep the box calm.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
