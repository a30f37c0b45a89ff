import { z } from 'zod';
import {
  assessBreach,
  completeStep,
  existingCase,
  moveCase,
  noteOnCase,
  openCase,
} from '../../changes/case-changes.js';
import { addReviewAction } from '../../changes/case-review.js';
import { markdownToPdf } from '../../report/markdown-pdf.js';
import { breachClock } from '../../respond/breach-deadlines.js';
import { breachConclusions, casePhases, caseSeverities } from '../../respond/case.js';
import { caseReport, caseReportKinds } from '../../respond/case-report.js';
import { viewCase } from '../../respond/case-timeline.js';
import { loadPlaybooks } from '../../respond/playbook.js';
import type { ServerContext } from '../server-context.js';
import { asCaseHttpError, caseParams } from './case-route-parts.js';

/**
 * Incident cases in the console: the list, one case with its timeline and breach clock, and
 * opening, noting and moving a case as the signed-in person (each audited, as from the CLI).
 */
export function registerCaseRoutes(context: ServerContext): void {
  const { routes, store } = context;
  // Read once: a bad playbook file stops the server at start, naming the file and line.
  const playbooks = loadPlaybooks();
  const asHttpError = <T>(change: () => Promise<T>) => asCaseHttpError(change);

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/cases',
      access: 'cases:read',
      tag: 'incident response',
      summary: 'Every incident case, newest first: vigil case list',
    },
    async () => {
      const now = context.now();
      return {
        cases: (await store.cases.list()).map((found) => ({
          ...found,
          breachClock: breachClock(found.discoveredOn, now),
        })),
      };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/cases/:id',
      access: 'cases:read',
      tag: 'incident response',
      summary: 'One case with its timeline, evidence exports and breach clock: vigil case show',
      params: caseParams,
    },
    async ({ params }) => {
      const found = await asHttpError(() => existingCase(store, params.id));
      return viewCase(store, found, context.now(), playbooks);
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        'Opens a case from alerts, a device or a title, as the signed-in person (audited as case-opened): vigil case open',
      body: z.object({
        fromAlerts: z.array(z.string().min(1).max(100)).max(500).optional(),
        device: z.string().min(1).max(200).optional(),
        title: z.string().min(1).max(500).optional(),
        severity: z.enum(caseSeverities).optional(),
        owner: z.string().min(1).max(200).optional(),
        discoveredOn: z.string().optional(),
        timeZone: z
          .string()
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, 'an IANA time zone such as Europe/Berlin')
          .optional(),
        dueAt: z.string().optional(),
      }),
    },
    async ({ body, principal }) =>
      asHttpError(() => openCase(store, { ...body, actor: principal!.name }, context.now())),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/notes',
      access: 'cases:write',
      tag: 'incident response',
      summary: 'Writes a note on a case (audited as case-note-added): vigil case note',
      params: caseParams,
      body: z.object({ text: z.string().min(1).max(10_000) }),
    },
    async ({ params, body, principal }) =>
      asHttpError(() => noteOnCase(store, params.id, body.text, principal!.name, context.now())),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/steps',
      access: 'cases:write',
      tag: 'incident response',
      summary: 'Records a playbook step as done (audited as case-step-done): vigil case step',
      params: caseParams,
      body: z.object({
        step: z.string().regex(/^[\w-]+\/[\w-]+$/, 'playbook/step, such as infusion-pump/ward-informed'),
        note: z.string().min(1).max(2_000).optional(),
      }),
    },
    async ({ params, body, principal }) => ({
      playbooks: await asHttpError(() =>
        completeStep(store, params.id, body.step, principal!.name, body.note, context.now(), playbooks),
      ),
    }),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/breach-assessment',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        'Records the breach risk assessment, factors not given prefilled from what Vigil saw (audited as case-breach-assessed): vigil case assess',
      params: caseParams,
      body: z.object({
        conclusion: z.enum(breachConclusions),
        reasoning: z.string().min(1).max(10_000),
        nature: z.string().min(1).max(10_000).optional(),
        recipient: z.string().min(1).max(10_000).optional(),
        acquired: z.string().min(1).max(10_000).optional(),
        mitigation: z.string().min(1).max(10_000).optional(),
        individuals: z.number().int().min(0).optional(),
        mostInOneState: z.number().int().min(0).optional(),
      }),
    },
    async ({ params, body, principal }) =>
      asHttpError(() => assessBreach(store, params.id, { ...body, actor: principal!.name }, context.now())),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/report',
      access: 'cases:read',
      tag: 'incident response',
      summary:
        'The incident report, the draft notice to the manufacturer or the MedWatch fields, as Markdown or PDF: vigil case report',
      params: caseParams,
      query: z.object({
        kind: z.enum(caseReportKinds).default('incident'),
        format: z.enum(['markdown', 'pdf']).default('markdown'),
      }),
      produces: 'text/markdown',
    },
    async ({ params, query, reply }) => {
      const found = await asHttpError(() => existingCase(store, params.id));
      const text = await caseReport(store, found, query.kind, context.now(), playbooks);
      if (query.format === 'markdown') {
        reply.header('content-type', 'text/markdown; charset=utf-8');
        return text;
      }
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="${found.id}-${query.kind}.pdf"`);
      return markdownToPdf(text, { title: `${found.id} ${query.kind} report`, author: 'Vigil' });
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/review-actions',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        'Enters an action of the post-incident review in the risk register, linked to the case (audited as case-review-action): vigil case review',
      params: caseParams,
      body: z.object({
        action: z.string().min(1).max(500),
        owner: z.string().min(1).max(200),
        due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
        lesson: z.string().min(1).max(5_000).optional(),
        device: z.string().min(1).max(200).optional(),
        type: z.string().min(1).max(200).optional(),
      }),
    },
    async ({ params, body, principal }) => ({
      risks: await asHttpError(() =>
        addReviewAction(store, params.id, { ...body, actor: principal!.name }, context.now()),
      ),
    }),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/status',
      access: 'cases:write',
      tag: 'incident response',
      summary:
        'Moves a case to a phase of the life cycle, or closes it (audited as case-status-changed): vigil case status',
      params: caseParams,
      body: z.object({ status: z.enum(casePhases) }),
    },
    async ({ params, body, principal }) =>
      asHttpError(() => moveCase(store, params.id, body.status, principal!.name, context.now())),
  );
}
