import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/remove-temporary-directories.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share network namespaces and the PostgreSQL server; run files one at a time.
    fileParallelism: false,
  },
});
