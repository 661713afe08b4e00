import { defineConfig } from 'drizzle-kit';

/** `pnpm exec drizzle-kit generate` (in `center/`) turns changes of the store schema into a migration. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
