import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The console's files under `assets/` (CSS and one small script per page, no build step), read once at
 * start and served from memory at `/console/assets/<name>`. Page families add their files to the same
 * folder; only names listed here at start are served.
 */
export function assetRoutes(app: FastifyInstance): void {
  const folder = new URL('./assets/', import.meta.url);
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(folder)) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) files.set(name, { body: readFileSync(new URL(name, folder)), type });
  }
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply.type(file.type).send(file.body);
  });
}
