import { z } from 'zod';
import { setWorkItem, workItemProblem } from '../../changes/set-work-item.js';
import { loadWorkQueue } from '../../risk/load-work-queue.js';
import { type WorkItem, workItemStatuses } from '../../risk/work-item.js';
import { formatWorkQueueCsv } from '../../risk/work-queue-csv.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

/** The fix-first work queue: read, exported, and its items' owner, due date and status set. */
export function registerWorkQueueRoutes(context: ServerContext): void {
  const { routes, store } = context;
  // Computing the queue reads every device, match and flow summary: once per version of the
  // inventory table (an ingest, a re-match, a status change) and after each change to an item.
  let cached: { version: string | null; items: WorkItem[] } | undefined;
  const workQueue = async (): Promise<WorkItem[]> => {
    const version = context.summaries.version;
    if (cached === undefined || cached.version !== version)
      cached = {
        version,
        items: await loadWorkQueue(
          store,
          context.riskModel,
          context.vendors,
          new Date(context.now()).toISOString(),
        ),
      };
    return cached.items;
  };

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/work-queue',
      access: 'risk:read',
      tag: 'risk',
      summary:
        'The fix-first work queue: findings and vulnerabilities grouped across the fleet, ranked by the risk each removes, with remedy, owner, due date and status',
      query: z.object({ kind: z.enum(['finding', 'advisory', 'identify']).optional() }),
    },
    async ({ query }) => {
      const items = (await workQueue()).filter(
        (item) => query.kind === undefined || item.kind === query.kind,
      );
      return { items, total: items.length };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/work-queue/export.csv',
      access: 'risk:read',
      tag: 'risk',
      summary: 'The work queue as CSV, the columns and rows of vigil queue --format csv',
      produces: 'text/csv',
    },
    async ({ reply }) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="vigil-work-queue.csv"');
      return formatWorkQueueCsv(await workQueue());
    },
  );

  routes.add(
    {
      method: 'PUT',
      url: '/api/v1/work-queue/:id',
      access: 'vulnerabilities:write',
      tag: 'risk',
      summary: "Records a work-queue item's status, owner, due date and note (audited as work-item-set)",
      params: z.object({ id: z.string().min(1).max(300) }),
      body: z.object({
        status: z.enum(workItemStatuses),
        owner: z.string().trim().min(1).max(100).optional(),
        dueDate: z.string().optional(),
        note: z.string().trim().max(500).optional(),
      }),
    },
    async ({ params, body, principal }) => {
      const problem = workItemProblem(body);
      if (problem) throw new HttpError(400, `body: ${problem}`, 'body');
      if (!(await workQueue()).some((item) => item.id === params.id))
        throw notFound(`work-queue item ${params.id}`);
      const before = await setWorkItem(store, params.id, { ...body, actor: principal!.name }, context.now());
      cached = undefined;
      return { before, after: body };
    },
  );
}
