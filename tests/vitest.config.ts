import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tests',
    include: ['test/**/*.test.ts'],
    // The whole-day demo runs three gateways, six simulators and the centre: alone afterwards
    // (vitest.demo.config.ts), so its load does not starve the timing of device tests running beside it.
    exclude: ['test/demo/**'],
    // Cross-process tests run on real time (devices, reconnect backoff); deadlines here are safety nets.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
