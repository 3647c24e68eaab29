import { defineConfig } from 'vitest/config';

/**
 * Softphone browser e2e. Run it through `node e2e/run-phone-e2e.mjs`, which enters a
 * network namespace with only loopback so every SIP and RTP packet stays on 127.0.0.1.
 */
export default defineConfig({
  test: {
    name: 'client-phone-e2e',
    environment: 'node',
    include: ['e2e/phone*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
