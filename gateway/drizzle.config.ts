import { defineConfig } from 'drizzle-kit';

/** `pnpm --filter @vaultline/gateway db:generate` turns changes of the store schema into a migration. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
