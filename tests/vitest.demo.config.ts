import { defineProject } from 'vitest/config';

/** `npm run demo -- --exit` as a test, run on its own after the rest (see vitest.config.ts). */
export default defineProject({
  test: {
    name: 'demo',
    include: ['test/demo/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
