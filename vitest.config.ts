import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Golden files must exist in CI: a missing snapshot is a failure, not a new file.
    update: false,
  },
});
