import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'center',
    include: ['test/**/*.test.ts'],
  },
});
