import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectFile } from '../project-files.js';
import type { RouteTable } from './routing/define-route.js';

/** `web/dist`, built by `npm run build:web`: in the package root. */
export const webRoot = projectFile('web', 'dist');

/**
 * Serves the built console on the same port as the API. A path that is no file gets `index.html`,
 * so the console's own routes (`/devices/…`) load on refresh; API paths never fall back.
 */
export async function registerWebAssets(
  app: FastifyInstance,
  routes: RouteTable,
  root = webRoot,
): Promise<void> {
  const isBuilt = existsSync(join(root, 'index.html'));
  // The static plugin would set its own Cache-Control over ours: the caching is said here.
  if (isBuilt) await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  routes.add(
    {
      method: 'GET',
      url: '/*',
      access: 'public',
      tag: 'console',
      summary: 'The web console (its files carry no data; the data comes from the API)',
      produces: 'text/html',
    },
    async ({ request, reply }) => {
      const path = (request.params as { '*': string })['*'];
      if (path.startsWith('api/')) {
        reply.code(404);
        return { error: `no API route ${request.method} /${path}` };
      }
      if (!isBuilt) {
        reply.code(503).type('text/plain');
        return 'The console is not built: run npm run build:web (the API answers under /api/v1).';
      }
      if (path.startsWith('assets/')) {
        if (!/^assets\/[\w.-]+$/.test(path) || !existsSync(join(root, path))) {
          // A missing asset is no page of the console, and must not be cached as one.
          reply.code(404).header('cache-control', 'no-store');
          return { error: `no console asset /${path}` };
        }
        // Built asset names carry a content hash: they can be cached for good.
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path);
      }
      reply.header('cache-control', 'no-store');
      return reply.sendFile('index.html');
    },
  );
}
