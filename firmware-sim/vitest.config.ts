import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'firmware-sim',
    include: ['test/**/*.test.ts'],
  },
});
