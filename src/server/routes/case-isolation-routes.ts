import { z } from 'zod';
import {
  approveIsolation,
  exportIsolation,
  liftIsolation,
  proposeIsolation,
  recordIsolationApplied,
} from '../../changes/case-isolation.js';
import { isolationExportFormats } from '../../respond/isolation-exports.js';
import type { ServerContext } from '../server-context.js';
import { asCaseHttpError, caseParams } from './case-route-parts.js';

/**
 * Containment in the console: proposing a case's isolation (what it stops comes with it),
 * approving it as a second person (`isolation:approve`, which clinical engineers hold), recording
 * it applied and lifted, and downloading it for a firewall or switch. Each is audited, as from
 * the CLI; a refused step is a 409 saying why.
 */
export function registerCaseIsolationRoutes(context: ServerContext): void {
  const { routes, store } = context;
  const asHttpError = <T>(change: () => Promise<T>) =>
    asCaseHttpError(change, (error) => (error.field === 'isolation' ? 409 : 400));

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/isolation',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        "Proposes isolating the case's devices, with what it stops (audited as case-isolation-proposed): vigil case isolate",
      params: caseParams,
      body: z.object({
        devices: z.array(z.string().min(1).max(200)).max(500).optional(),
        keepClinical: z.boolean().optional(),
      }),
    },
    async ({ params, body, principal }) =>
      asHttpError(() =>
        proposeIsolation(
          store,
          params.id,
          { devices: body.devices, keepClinical: body.keepClinical, actor: principal!.name },
          context.now(),
        ),
      ),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/isolation/approve',
      access: 'isolation:approve',
      tag: 'incident response',
      summary:
        "Approves the case's isolation of a life-sustaining device as a second person, not its proposer (audited as case-isolation-approved): vigil case isolate --approve",
      params: caseParams,
    },
    async ({ params, principal }) =>
      asHttpError(() => approveIsolation(store, params.id, principal!.name, context.now())),
  );

  for (const [step, change, summary] of [
    [
      'applied',
      recordIsolationApplied,
      'Records the isolation put in force on the network (audited as case-isolation-applied): vigil case isolate --applied',
    ],
    [
      'lift',
      liftIsolation,
      'Records the isolation taken off the network (audited as case-isolation-lifted): vigil case isolate --lift',
    ],
  ] as const)
    routes.add(
      {
        method: 'POST',
        url: `/api/v1/cases/:id/isolation/${step}`,
        access: 'cases:write',
        tag: 'incident response',
        summary,
        params: caseParams,
      },
      async ({ params, principal }) =>
        asHttpError(() => change(store, params.id, principal!.name, context.now())),
    );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/isolation/export',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        "The case's isolation for nftables, a Cisco ACL or ISE, once approved where it must be (audited as case-isolation-exported): vigil case isolate --export",
      params: caseParams,
      query: z.object({
        format: z.enum(isolationExportFormats as [string, ...string[]]).default('nftables'),
      }),
      produces: 'text/plain',
    },
    async ({ params, query, principal, reply }) => {
      const { text } = await asHttpError(() =>
        exportIsolation(store, params.id, query.format, principal!.name, context.now()),
      );
      reply.header('content-type', 'text/plain; charset=utf-8');
      return text;
    },
  );
}
