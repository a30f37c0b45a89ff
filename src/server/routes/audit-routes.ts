import { z } from 'zod';
import { queryNumber } from '../routing/define-route.js';
import type { ServerContext } from '../server-context.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

/** The audit log, read-only, for auditors and administrators. */
export function registerAuditRoutes(context: ServerContext): void {
  const { routes, store } = context;
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/audit',
      access: 'audit:read',
      tag: 'audit',
      summary: 'Audit log rows, newest first; `before` pages back by sequence number',
      query: z.object({
        limit: queryNumber(1, 1000).default(100),
        before: queryNumber(1, Number.MAX_SAFE_INTEGER).optional(),
        q: z.string().max(200).optional(),
        action: z.string().min(1).max(100).optional(),
        actor: z.string().min(1).max(200).optional(),
        from: day.optional(),
        to: day.optional(),
      }),
    },
    async ({ query }) => ({
      rows: await store.audit.list(query.limit, {
        beforeSeq: query.before,
        search: query.q,
        action: query.action,
        actor: query.actor,
        from: query.from,
        to: query.to,
      }),
    }),
  );
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/audit/facets',
      access: 'audit:read',
      tag: 'audit',
      summary: 'The actions and actors in the audit log with their numbers of rows, for filtering',
    },
    async () => store.audit.facets(),
  );
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/audit/verify',
      access: 'audit:read',
      tag: 'audit',
      summary:
        'Walks the hash chain, the signatures and the checkpoint kept outside the database; names the first row changed, removed or inserted afterwards, or rows cut from the end',
    },
    async () => store.audit.verify(),
  );
}
