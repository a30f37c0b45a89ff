import { z } from 'zod';
import { AlertChangeError, changeAlert } from '../../changes/set-alert-status.js';
import { alertStatuses } from '../../detect/alert.js';
import { severities } from '../../detect/detection.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

/** The alerts the detection stage raised: listed, read one by one, and worked (status, assignee, note). */
export function registerAlertRoutes(context: ServerContext): void {
  const { routes, store } = context;

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/alerts',
      access: 'alerts:read',
      tag: 'alerts',
      summary:
        'Alerts from traffic, newest first: type, severity, ATT&CK techniques, sources and targets with their devices, first and last seen, count, status, summary, remedy, evidence',
      query: z.object({
        status: z
          .string()
          .regex(new RegExp(`^(${alertStatuses.join('|')})(,(${alertStatuses.join('|')}))*$`))
          .optional(),
        severity: z.enum(severities as unknown as [string, ...string[]]).optional(),
        since: z.string().datetime().optional(),
        limit: z.coerce.number().int().min(1).max(1_000).optional(),
        /** Only the open alerts naming this device as a target (its page shows them). */
        device: z
          .string()
          .regex(/^[\w-]{1,64}$/)
          .optional(),
      }),
    },
    async ({ query }) => {
      if (query.device !== undefined) {
        const open = await store.alerts.openForDevice(query.device);
        return { alerts: open, total: open.length };
      }
      const alerts = await store.alerts.list({
        statuses: query.status?.split(',') as (typeof alertStatuses)[number][] | undefined,
        severities:
          query.severity === undefined
            ? undefined
            : severities.slice(severities.indexOf(query.severity as (typeof severities)[number])),
        since: query.since,
        limit: query.limit ?? 200,
      });
      return { alerts, total: alerts.length };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/alerts/:id',
      access: 'alerts:read',
      tag: 'alerts',
      summary: 'One alert with all its evidence',
      params: z.object({ id: z.string().regex(/^alr-[0-9a-f]{16}$/) }),
    },
    async ({ params }) =>
      (await store.alerts.get(params.id)) ?? Promise.reject(notFound(`alert ${params.id}`)),
  );

  routes.add(
    {
      method: 'PATCH',
      url: '/api/v1/alerts/:id',
      access: 'alerts:write',
      tag: 'alerts',
      summary: "Changes an alert's status, assignee or note (audited as alert-changed)",
      params: z.object({ id: z.string().regex(/^alr-[0-9a-f]{16}$/) }),
      body: z
        .object({
          status: z.enum(alertStatuses).optional(),
          assignee: z.string().trim().max(100).optional(),
          note: z.string().trim().max(1_000).optional(),
        })
        .refine((body) => Object.keys(body).length > 0, 'give status, assignee or note'),
    },
    async ({ params, body, principal }) => {
      try {
        return await changeAlert(store, params.id, { ...body, actor: principal!.name }, context.now());
      } catch (error) {
        if (!(error instanceof AlertChangeError)) throw error;
        if (error.message.startsWith('no alert')) throw notFound(`alert ${params.id}`);
        throw new HttpError(400, `body: ${error.message.replace('--note', 'note')}`, 'body');
      }
    },
  );
}
