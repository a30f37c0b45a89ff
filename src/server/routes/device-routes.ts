import { z } from 'zod';
import { deviceSubject } from '../../baseline/baseline.js';
import {
  clearOverride,
  overridableFields,
  overrideProblem,
  setOverride,
} from '../../changes/override-attribute.js';
import { setVulnerabilityStatus, statusProblem } from '../../changes/set-vulnerability-status.js';
import { deviceRecalls, deviceVulnerabilities } from '../../intel/device-vulnerabilities.js';
import { rematchIfFeeds } from '../../intel/match-inventory.js';
import { patchStatuses } from '../../intel/patch-status.js';
import { formatDeviceCsv } from '../../inventory/device-csv.js';
import { assessFleet } from '../../risk/assess-fleet.js';
import { type SummarySort, summarySortColumns } from '../../store/device-summary-repository.js';
import type { StoredFlow } from '../../store/flow-repository.js';
import { queryFlag, queryNumber } from '../routing/define-route.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

const optionalText = z.string().trim().min(1).max(200).optional();

const listQuery = z.object({
  page: queryNumber(0, 1_000_000).default(0),
  pageSize: queryNumber(1, 500).default(50),
  sort: z.enum(Object.keys(summarySortColumns) as [SummarySort, ...SummarySort[]]).default('riskScore'),
  order: z.enum(['asc', 'desc']).default('desc'),
  q: z.string().max(200).optional(),
  type: optionalText,
  category: optionalText,
  zone: optionalText,
  vendor: optionalText,
  riskLevel: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  status: z.enum(['online', 'offline', 'not seen']).optional(),
  kev: queryFlag.optional(),
  phi: queryFlag.optional(),
});

const summarySchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  ip: z.string().nullable(),
  mac: z.string().nullable(),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  firmware: z.string().nullable(),
  type: z.string().nullable(),
  category: z.string().nullable(),
  zone: z.string().nullable(),
  status: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  riskScore: z.number(),
  riskLevel: z.string(),
  riskReason: z.string(),
  vulnerabilities: z.number(),
  kevVulnerabilities: z.number(),
  findings: z.number(),
  handlesPhi: z.boolean(),
});

const deviceParams = z.object({ id: z.string().min(1).max(100) });

/** The inventory: the paged table, one device with everything known of it, and analysts' corrections. */
export function registerDeviceRoutes(context: ServerContext): void {
  const { routes, store, now, summaries } = context;
  /** A new maker, model or firmware changes which advisories apply, as after a CLI override. */
  const rematchAfter = async (field: string) => {
    if (['vendor', 'manufacturer', 'model', 'firmware', 'type'].includes(field))
      await rematchIfFeeds(store, context.vendors);
  };

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/export.csv',
      access: 'inventory:read',
      tag: 'inventory',
      summary: 'The whole inventory as CSV, the columns and rows of vigil devices --format csv',
      produces: 'text/csv',
    },
    async ({ reply }) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="vigil-devices.csv"');
      return formatDeviceCsv(await store.devices.list());
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices',
      access: 'inventory:read',
      tag: 'inventory',
      summary: 'A page of the inventory, filtered, searched and sorted in the database',
      query: listQuery,
      response: z.object({
        rows: z.array(summarySchema),
        total: z.number(),
        page: z.number(),
        pageSize: z.number(),
      }),
    },
    async ({ query }) => {
      const { rows, total } = summaries.inventory.page({
        offset: query.page * query.pageSize,
        limit: query.pageSize,
        sort: query.sort,
        descending: query.order === 'desc',
        search: query.q,
        type: query.type,
        category: query.category,
        zone: query.zone,
        vendor: query.vendor,
        riskLevel: query.riskLevel,
        status: query.status,
        kevOnly: query.kev,
        phiOnly: query.phi,
      });
      return { rows, total, page: query.page, pageSize: query.pageSize };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/facets',
      access: 'inventory:read',
      tag: 'inventory',
      summary: 'The values the inventory filters offer, with their device counts',
    },
    async () => ({
      type: summaries.inventory.tally('type'),
      category: summaries.inventory.tally('category'),
      zone: summaries.inventory.tally('zone'),
      vendor: summaries.inventory.tally('vendor').slice(0, 200),
      riskLevel: summaries.inventory.tally('riskLevel'),
      overridableFields: Object.keys(overridableFields),
      patchStatuses: [...patchStatuses],
    }),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/:id/baseline',
      access: 'inventory:read',
      tag: 'inventory',
      summary:
        "The device's learned baseline, latest version: whether it still learns, the traffic it learned from, its facts by category (peers, services, DICOM/HL7/FHIR operations, names) and its hourly maximum to the Internet; null before a first ingest",
      params: deviceParams,
    },
    async ({ params }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const versions = await store.baselines.versions(deviceSubject(device.id));
      return { baseline: versions[0] ?? null, versionsKept: versions.length };
    },
  );

  /** Each peer with the device its address belongs to, named as the inventory names it (or null). */
  const namedPeers = async (peers: ReturnType<typeof peersOf>) => {
    const owners = await store.devices.devicesOfAddresses(peers.map((peer) => peer.address));
    return peers.map((peer) => {
      const deviceId = owners.get(peer.address) ?? null;
      const summary = deviceId === null ? undefined : summaries.inventory.find(deviceId);
      return { ...peer, deviceId, name: summary?.name ?? null, type: summary?.type ?? null };
    });
  };

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/:id',
      access: 'inventory:read',
      tag: 'inventory',
      summary:
        'One device: identity with evidence, classification, protocols, findings, history, vulnerabilities, recalls, risk factor by factor, peers and recent flows',
      params: deviceParams,
    },
    async ({ params }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const flows = await store.flows.ofAddresses(device.ips, 2_000);
      return {
        device,
        summary: summaries.inventory.find(device.id) ?? null,
        history: await store.devices.history(device.id),
        vulnerabilities: await deviceVulnerabilities(store, [device.id]),
        vulnerabilityStatusHistory: await store.vulnerabilities.statusHistory(device.id),
        recalls: await deviceRecalls(store, device, context.vendors),
        seenBy: await store.relay.sightingsOf(device.id),
        risk: (await assessFleet(store, context.riskModel, [device]))[0] ?? null,
        peers: await namedPeers(peersOf(device.ips, flows)),
        flows: flows.slice(0, 100),
      };
    },
  );

  routes.add(
    {
      method: 'PUT',
      url: '/api/v1/devices/:id/overrides/:field',
      access: 'inventory:write',
      tag: 'inventory',
      summary: "Sets an analyst's value for an attribute; it outranks traffic until cleared",
      params: deviceParams.extend({ field: z.enum(Object.keys(overridableFields) as [string, ...string[]]) }),
      body: z.object({ value: z.string().trim().min(1).max(200), reason: z.string().max(500).optional() }),
    },
    async ({ params, body, principal }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const problem = overrideProblem(params.field, body.value);
      if (problem) throw new HttpError(400, `body.value: ${problem}`, 'body.value');
      await summaries.change([device.id], async () => {
        await setOverride(
          store,
          device,
          params.field,
          body.value,
          principal!.name,
          body.reason ?? null,
          now(),
        );
        await rematchAfter(params.field);
      });
      return { ok: true };
    },
  );

  routes.add(
    {
      method: 'DELETE',
      url: '/api/v1/devices/:id/overrides/:field',
      access: 'inventory:write',
      tag: 'inventory',
      summary: "Removes an analyst's value: what traffic shows applies again",
      params: deviceParams.extend({ field: z.enum(Object.keys(overridableFields) as [string, ...string[]]) }),
      query: z.object({ reason: z.string().max(500).optional() }),
    },
    async ({ params, query, principal }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const cleared = await summaries.change([device.id], async () => {
        const wasCleared = await clearOverride(
          store,
          device,
          params.field,
          principal!.name,
          query.reason ?? null,
          now(),
        );
        if (wasCleared) await rematchAfter(params.field);
        return wasCleared;
      });
      if (!cleared) throw notFound(`an override of ${params.field} on ${device.id}`);
      return { ok: true };
    },
  );

  routes.add(
    {
      method: 'PUT',
      url: '/api/v1/devices/:id/vulnerabilities/:vulnerabilityId/status',
      access: 'vulnerabilities:write',
      tag: 'vulnerabilities',
      summary: 'Records where the device stands with a vulnerability (patch status), kept with its history',
      params: deviceParams.extend({ vulnerabilityId: z.string().min(1).max(100) }),
      body: z.object({
        status: z.enum(patchStatuses),
        owner: z.string().trim().min(1).max(100).optional(),
        expires: z.string().optional(),
        note: z.string().max(500).optional(),
      }),
    },
    async ({ params, body, principal }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const problem = statusProblem(body);
      if (problem) throw new HttpError(400, `body: ${problem}`, 'body');
      const before = await summaries
        .change([device.id], () =>
          setVulnerabilityStatus(
            store,
            device.id,
            params.vulnerabilityId,
            { ...body, actor: principal!.name },
            now(),
          ),
        )
        .catch((error: Error) => {
          throw new HttpError(404, error.message);
        });
      return { before, after: body.status };
    },
  );
}

/** The addresses a device talked with: per peer, the ports, flows and bytes, busiest first. */
function peersOf(addresses: readonly string[], flows: readonly StoredFlow[]) {
  const own = new Set(addresses);
  const peers = new Map<
    string,
    { address: string; flows: number; bytes: number; ports: Set<string>; initiated: number }
  >();
  for (const flow of flows) {
    const outbound = own.has(flow.initiator.address);
    const peer = outbound ? flow.responder.address : flow.initiator.address;
    let entry = peers.get(peer);
    if (entry === undefined) {
      entry = { address: peer, flows: 0, bytes: 0, ports: new Set(), initiated: 0 };
      peers.set(peer, entry);
    }
    entry.flows += 1;
    entry.bytes += flow.bytesFromInitiator + flow.bytesFromResponder;
    entry.ports.add(
      `${flow.protocol === 6 ? 'tcp' : flow.protocol === 17 ? 'udp' : `ip${flow.protocol}`}/${flow.responder.port}`,
    );
    if (outbound) entry.initiated += 1;
  }
  return [...peers.values()]
    .sort((a, b) => b.bytes - a.bytes || a.address.localeCompare(b.address))
    .map((peer) => ({ ...peer, ports: [...peer.ports].slice(0, 10) }));
}
