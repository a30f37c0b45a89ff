import { z } from 'zod';
import { setDeviceStatus } from '../../changes/device-status.js';
import { importMds2 } from '../../changes/import-mds2.js';
import { setSupportDates } from '../../changes/model-support-changes.js';
import {
  closePatchCampaign,
  createPatchCampaign,
  listPatchCampaigns,
  patchCampaignProgress,
} from '../../changes/patch-campaigns.js';
import { readProcurementReview, writeProcurementReview } from '../../changes/procurement-reviews.js';
import { assignResponsibility, modelResponsibility } from '../../changes/responsibility-changes.js';
import { retireDevice, sanitisationMethods } from '../../changes/retire-device.js';
import { planDeviceMaintenance, planModelMaintenance } from '../../govern/maintenance/plan-maintenance.js';
import { Mds2FormError } from '../../govern/mds2/parse-mds2-rows.js';
import { procurementReviewMarkdown } from '../../govern/procurement/procurement-review.js';
import { controlAreaNames, responsibleParties } from '../../govern/responsibility/control-areas.js';
import { markdownToPdf } from '../../report/markdown-pdf.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

/**
 * A governance change refused: `no … in this store` is a 404, any other refusal (a bad date, an
 * unknown area) a 400 with the change's own words, which name the field.
 */
async function refusalsAsHttp<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof HttpError || !(error instanceof Error)) throw error;
    throw new HttpError(/^no .* in this store$/.test(error.message) ? 404 : 400, error.message);
  }
}

const text = (maximum: number) => z.string().trim().min(1).max(maximum);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const model = { manufacturer: text(200), model: text(200) };
const windowQuery = {
  hours: z.coerce.number().int().min(1).max(24).default(4),
  timeZone: text(64).default('UTC'),
};

/**
 * Lifecycle, responsibility, patch planning and procurement over the API, as the CLI does them:
 * every change audited under the caller's name. Changing a device's or a model's lifecycle and
 * responsibility is `inventory:write` (clinical engineers, security analysts); campaigns and
 * reviews, which follow vulnerabilities, `vulnerabilities:write`.
 */
export function registerGovernancePlanRoutes(context: ServerContext): void {
  const { routes, store } = context;

  routes.add(
    {
      method: 'PUT',
      url: '/api/v1/lifecycle/models',
      access: 'inventory:write',
      tag: 'governance',
      summary:
        "Sets a model's support dates (an empty date clears one; audited as support-dates-set): vigil lifecycle set",
      body: z.object({
        ...model,
        endOfSale: z.union([date, z.literal('')]).optional(),
        endOfSupport: z.union([date, z.literal('')]).optional(),
        endOfSecurityPatches: z.union([date, z.literal('')]).optional(),
      }),
    },
    async ({ body, principal }) =>
      refusalsAsHttp(() => setSupportDates(store, { ...body, actor: principal!.name }, context.now())),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/devices/:id/retire',
      access: 'inventory:write',
      tag: 'governance',
      summary:
        'Retires a device with its sanitisation record, NIST SP 800-88 (audited as device-retired): vigil lifecycle retire',
      params: z.object({ id: text(100) }),
      body: z.object({
        method: z.enum(sanitisationMethods),
        certificate: text(200).optional(),
        note: text(2000).optional(),
        at: text(40).optional(),
      }),
    },
    async ({ params, body, principal }) =>
      refusalsAsHttp(() =>
        retireDevice(store, params.id, { ...body, actor: principal!.name }, context.now()),
      ),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/devices/:id/lifecycle-status',
      access: 'inventory:write',
      tag: 'governance',
      summary: 'Sets a device planned or in service (audited as device-status-set): vigil lifecycle status',
      params: z.object({ id: text(100) }),
      body: z.object({ status: z.enum(['planned', 'in-service']), note: text(2000).optional() }),
    },
    async ({ params, body, principal }) =>
      refusalsAsHttp(() =>
        setDeviceStatus(store, params.id, { ...body, actor: principal!.name }, context.now()),
      ),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/mds2',
      access: 'inventory:write',
      // A manufacturer's workbook runs to a few hundred KiB, a third more as base64.
      bodyLimit: 8 * 1024 * 1024,
      tag: 'governance',
      summary:
        "Imports a manufacturer's MDS2 form uploaded as XLSX, CSV or JSON (base64) and applies it to the model's devices (audited as mds2-imported): vigil mds2 import",
      body: z.object({
        fileName: z
          .string()
          .regex(/^[\w .()-]{1,120}\.(xlsx|csv|json)$/i, 'a file name ending .xlsx, .csv or .json'),
        contentBase64: z
          .string()
          .min(4)
          .max(8_000_000)
          .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64'),
        manufacturer: text(200).optional(),
        model: text(200).optional(),
        versions: z.array(text(100)).max(100).optional(),
      }),
    },
    async ({ body, principal }) => {
      try {
        return await importMds2(
          store,
          {
            file: body.fileName,
            content: Buffer.from(body.contentBase64, 'base64'),
            manufacturer: body.manufacturer,
            model: body.model,
            versions: body.versions,
            actor: principal!.name,
          },
          context.now(),
        );
      } catch (error) {
        if (error instanceof Mds2FormError) throw new HttpError(400, error.message, 'contentBase64');
        throw error;
      }
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/responsibility',
      access: 'inventory:read',
      tag: 'governance',
      summary:
        "A model's shared responsibility matrix, with the areas nobody owns: vigil responsibility show",
      query: z.object(model),
    },
    async ({ query }) => modelResponsibility(store, query.manufacturer, query.model),
  );

  routes.add(
    {
      method: 'PUT',
      url: '/api/v1/responsibility',
      access: 'inventory:write',
      tag: 'governance',
      summary:
        'Records who carries a control area of a model (audited as responsibility-assigned): vigil responsibility assign',
      body: z.object({
        ...model,
        area: z.enum(controlAreaNames as [string, ...string[]]),
        responsible: z.enum(responsibleParties),
        team: text(200).optional(),
        note: text(2000).optional(),
      }),
    },
    async ({ body, principal }) =>
      refusalsAsHttp(async () => {
        await assignResponsibility(store, { ...body, actor: principal!.name }, context.now());
        return modelResponsibility(store, body.manufacturer, body.model);
      }),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/maintenance-windows',
      access: 'inventory:read',
      tag: 'governance',
      summary:
        "Maintenance windows from when a device (or a model's devices together) is idle, with its work per hour of the week: vigil patch windows",
      query: z.object({
        device: text(100).optional(),
        manufacturer: text(200).optional(),
        model: text(200).optional(),
        count: z.coerce.number().int().min(1).max(7).default(3),
        ...windowQuery,
      }),
    },
    async ({ query }) => {
      const options = { hours: query.hours, count: query.count, timeZone: query.timeZone };
      if (query.device !== undefined)
        return refusalsAsHttp(() => planDeviceMaintenance(store, query.device!, options));
      if (query.manufacturer === undefined || query.model === undefined)
        throw new HttpError(400, 'device, or manufacturer with model: expected one of them', 'device');
      return refusalsAsHttp(() => planModelMaintenance(store, query.manufacturer!, query.model!, options));
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/patch-campaigns',
      access: 'vulnerabilities:read',
      tag: 'governance',
      summary: 'Every patch campaign with its devices and how many are done: vigil patch campaign list',
    },
    async () => ({ campaigns: await listPatchCampaigns(store) }),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/patch-campaigns',
      access: 'vulnerabilities:write',
      tag: 'governance',
      summary:
        'Starts a patch campaign for a vulnerability or an advisory across its devices (audited as patch-campaign-created): vigil patch campaign create',
      body: z.object({
        name: text(200),
        vulnerability: text(100).optional(),
        advisory: text(100).optional(),
        due: date.optional(),
        note: text(2000).optional(),
      }),
    },
    async ({ body, principal }) =>
      refusalsAsHttp(() => createPatchCampaign(store, { ...body, actor: principal!.name }, context.now())),
  );

  const campaignParams = z.object({
    id: z.string().regex(/^pc-[0-9a-f]{12}$/, 'a campaign id such as pc-…'),
  });
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/patch-campaigns/:id',
      access: 'vulnerabilities:read',
      tag: 'governance',
      summary:
        "A campaign's progress: each device's status and next idle window, devices per status: vigil patch campaign show",
      params: campaignParams,
      query: z.object(windowQuery),
    },
    async ({ params, query }) =>
      refusalsAsHttp(() =>
        patchCampaignProgress(store, params.id, { hours: query.hours, count: 1, timeZone: query.timeZone }),
      ),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/patch-campaigns/:id/close',
      access: 'vulnerabilities:write',
      tag: 'governance',
      summary: 'Closes a campaign (audited as patch-campaign-closed): vigil patch campaign close',
      params: campaignParams,
    },
    async ({ params, principal }) =>
      refusalsAsHttp(async () => {
        await closePatchCampaign(store, params.id, principal!.name, context.now());
        return { id: params.id, closed: true };
      }),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/procurement-reviews',
      access: 'vulnerabilities:read',
      tag: 'governance',
      summary: 'The pre-purchase reviews written, newest first: vigil procurement list',
    },
    async () => ({ reviews: await store.procurementReviews.list() }),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/procurement-reviews',
      access: 'vulnerabilities:write',
      tag: 'governance',
      summary:
        'Writes a pre-purchase review of a model from its MDS2, SBOM and their known vulnerabilities, kept as written (audited as procurement-review-written): vigil procurement review',
      body: z.object({ ...model, version: text(100).optional() }),
    },
    async ({ body, principal }) =>
      refusalsAsHttp(() =>
        writeProcurementReview(store, { ...body, actor: principal!.name }, context.vendors, context.now()),
      ),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/procurement-reviews/:id',
      access: 'vulnerabilities:read',
      tag: 'governance',
      summary: 'A review as it was written: JSON, Markdown or PDF: vigil procurement show',
      params: z.object({ id: z.string().regex(/^pr-[0-9a-f]{12}$/, 'a review id such as pr-…') }),
      query: z.object({ format: z.enum(['json', 'markdown', 'pdf']).default('json') }),
      produces: 'application/json',
    },
    async ({ params, query, reply }) => {
      const review = await readProcurementReview(store, params.id);
      if (review === undefined) throw notFound(`procurement review ${params.id}`);
      if (query.format === 'json') return review;
      const markdown = procurementReviewMarkdown(review);
      if (query.format === 'markdown') {
        reply.header('content-type', 'text/markdown; charset=utf-8');
        return markdown;
      }
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="${review.id}.pdf"`);
      return markdownToPdf(markdown, {
        title: `Pre-purchase security review: ${review.manufacturer} ${review.model}`,
        author: review.createdBy,
      });
    },
  );
}
