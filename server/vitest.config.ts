import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts', 'simulator/**/*.spec.ts'],
          exclude: ['**/*.int.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.spec.ts', 'simulator/**/*.int.spec.ts', 'test/**/*.int.spec.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One MariaDB per machine: integration files each create their own database.
          fileParallelism: false,
        },
      },
    ],
  },
});
