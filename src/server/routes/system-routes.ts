import type { Registry } from 'prom-client';
import type { OpenApiDocument } from '../routing/openapi.js';
import type { ServerContext } from '../server-context.js';

/** Health for load balancers, Prometheus metrics, the OpenAPI document and live events. */
export function registerSystemRoutes(
  context: ServerContext,
  metrics: Registry,
  openApi: () => OpenApiDocument,
): void {
  const { routes, store, events } = context;

  routes.add(
    {
      method: 'GET',
      url: '/healthz',
      access: 'public',
      tag: 'system',
      summary: 'Whether the server and its store answer',
    },
    async ({ reply }) => {
      try {
        await store.summaries.builtFrom();
        return { status: 'ok' };
      } catch {
        reply.code(503);
        return { status: 'store unavailable' };
      }
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/metrics',
      access: 'system:read',
      tag: 'system',
      summary: 'Prometheus metrics: requests by route and status with latency, devices, sign-ins',
      produces: 'text/plain',
    },
    async ({ reply }) => {
      reply.header('content-type', metrics.contentType);
      return metrics.metrics();
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/openapi.json',
      access: 'public',
      tag: 'system',
      summary: 'This API described as OpenAPI 3.1, generated from the route declarations',
    },
    async () => openApi(),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/events',
      access: 'inventory:read',
      tag: 'system',
      summary: 'Server-sent events: inventory and device changes, as they happen',
      produces: 'text/event-stream',
    },
    async ({ request, reply }) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      raw.write(': connected\n\n');
      const send = (event: unknown) => raw.write(`data: ${JSON.stringify(event)}\n\n`);
      const stop = events.subscribe(send);
      // A comment line every 25 s keeps proxies from closing a quiet stream.
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        stop();
      });
      return undefined;
    },
  );
}
