import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tests',
    include: ['test/**/*.test.ts'],
    // Cross-process tests run on real time (devices, reconnect backoff); deadlines here are safety nets.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
