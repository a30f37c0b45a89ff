import { z } from 'zod';
import { lifecycleReport } from '../../changes/model-support-changes.js';
import { deriveCapabilities } from '../../govern/mds2/mds2-capabilities.js';
import { notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

/**
 * Governance for the console and other programs, read-only: the models' support dates with the
 * devices past them (`vigil lifecycle list`), and the manufacturers' MDS2 forms with the
 * capabilities their answers give (`vigil mds2 show`).
 */
export function registerGovernanceRoutes(context: ServerContext): void {
  const { routes, store } = context;

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/lifecycle',
      access: 'inventory:read',
      tag: 'governance',
      summary:
        "Each model's support dates and stage on a day, its devices, and the devices past support with their share: vigil lifecycle list",
      query: z.object({
        at: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
          .optional(),
      }),
    },
    async ({ query }) =>
      lifecycleReport(store, query.at ?? new Date(context.now()).toISOString().slice(0, 10)),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/mds2',
      access: 'inventory:read',
      tag: 'governance',
      summary: "The manufacturers' MDS2 forms by model, each with its capabilities",
    },
    async () => ({
      forms: (await store.mds2.list()).map(({ answers, ...form }) => ({
        ...form,
        answers: answers.length,
        capabilities: deriveCapabilities(answers),
      })),
    }),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/mds2/:id',
      access: 'inventory:read',
      tag: 'governance',
      summary:
        'One MDS2 form with every answer (id, section, question, answer, note) and its capabilities: vigil mds2 show',
      params: z.object({ id: z.string().regex(/^mds2-[\w-]{1,80}$/, 'a form id such as mds2-…') }),
    },
    async ({ params }) => {
      const form = (await store.mds2.list()).find((candidate) => candidate.id === params.id);
      if (form === undefined) throw notFound(`MDS2 form ${params.id}`);
      return { ...form, capabilities: deriveCapabilities(form.answers) };
    },
  );
}
