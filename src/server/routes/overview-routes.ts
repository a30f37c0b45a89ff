import { z } from 'zod';
import { lifecycleReport } from '../../changes/model-support-changes.js';
import { deviceVulnerabilities } from '../../intel/device-vulnerabilities.js';
import type { FleetVulnerability } from '../../intel/fleet-vulnerability.js';
import type { UnmatchedDevice } from '../../intel/unmatched-device.js';
import { unmatchedDevices } from '../../intel/unmatched-devices.js';
import { queryFlag, queryNumber } from '../routing/define-route.js';
import type { ServerContext } from '../server-context.js';

const dayMs = 24 * 60 * 60 * 1000;

/** The dashboard's figures and the fleet-wide vulnerability view. */
export function registerOverviewRoutes(context: ServerContext): void {
  const { routes, store } = context;
  const inventory = () => context.summaries.inventory;

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/overview',
      access: 'inventory:read',
      tag: 'overview',
      summary:
        'Devices by category, type and zone, the risk distribution, top risks, KEV-affected devices, devices handling patient data and new devices',
    },
    async () => {
      const latest = inventory().latestSeen();
      // "New" is relative to the newest traffic, so a capture from last month still shows its newcomers.
      const since = new Date((latest === null ? Date.now() : Date.parse(latest)) - dayMs).toISOString();
      const top = (
        filter: { kevOnly?: boolean; phiOnly?: boolean },
        sort: 'riskScore' | 'firstSeen' = 'riskScore',
      ) => inventory().page({ offset: 0, limit: 10, sort, descending: true, ...filter });
      return {
        totals: inventory().totals(since),
        newSince: since,
        byCategory: inventory().tally('category'),
        byType: inventory().tally('type'),
        byZone: inventory().tally('zone'),
        byRiskLevel: inventory().tally('riskLevel'),
        topRisks: top({}).rows,
        kevDevices: top({ kevOnly: true }).rows,
        phiDevices: top({ phiOnly: true }).rows,
        newDevices: top({}, 'firstSeen').rows.filter((row) => row.firstSeen >= since),
        lifecycle: await pastSupport(),
      };
    },
  );

  /**
   * Devices whose model's manufacturer no longer patches them, as `vigil lifecycle list` counts
   * them: read once per version of the inventory table and day (a change of support dates is
   * audited, which makes a new version).
   */
  let lifecycleCache:
    | {
        key: string;
        value: { pastSupport: number; devices: number; share: number; operatingSystemsPastSupport: number };
      }
    | undefined;
  const pastSupport = async () => {
    const today = new Date(context.now()).toISOString().slice(0, 10);
    const key = `${context.summaries.version} ${today}`;
    if (lifecycleCache?.key !== key) {
      const report = await lifecycleReport(store, today);
      lifecycleCache = {
        key,
        value: {
          pastSupport: report.pastSupport.length,
          devices: report.devices,
          share: report.pastSupportShare,
          operatingSystemsPastSupport: report.operatingSystemsPastSupport.length,
        },
      };
    }
    return lifecycleCache.value;
  };

  /**
   * Per vulnerability across the fleet. Reading every match is the expensive part, so it is done
   * once per version of the inventory table (a status change or a re-match makes a new one).
   */
  let cached: { version: string | null; rows: FleetVulnerability[] } | undefined;
  const fleetVulnerabilities = async (): Promise<FleetVulnerability[]> => {
    const version = context.summaries.version;
    if (cached !== undefined && cached.version === version) return cached.rows;
    const byId = new Map<string, FleetVulnerability>();
    for (const vulnerability of await deviceVulnerabilities(store)) {
      let entry = byId.get(vulnerability.id);
      if (entry === undefined) {
        entry = {
          id: vulnerability.id,
          title: vulnerability.title,
          cvss: vulnerability.cvss?.baseScore ?? null,
          epss: vulnerability.epss?.score ?? null,
          kevDateAdded: vulnerability.kev?.dateAdded ?? null,
          devices: 0,
          certainDevices: 0,
          statuses: {},
        };
        byId.set(vulnerability.id, entry);
      }
      entry.devices += 1;
      if (vulnerability.certainty === 'certain') entry.certainDevices += 1;
      entry.statuses[vulnerability.status.value] = (entry.statuses[vulnerability.status.value] ?? 0) + 1;
    }
    cached = { version, rows: [...byId.values()] };
    return cached.rows;
  };

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/vulnerabilities',
      access: 'vulnerabilities:read',
      tag: 'vulnerabilities',
      summary: 'Vulnerabilities across the fleet: per CVE its scores, EPSS, KEV, and the devices by status',
      query: z.object({
        page: queryNumber(0, 100_000).default(0),
        pageSize: queryNumber(1, 500).default(50),
        kev: queryFlag.optional(),
        q: z.string().max(100).optional(),
      }),
    },
    async ({ query }) => {
      const search = query.q?.trim().toLowerCase();
      const rows = (await fleetVulnerabilities())
        .filter((row) => !query.kev || row.kevDateAdded !== null)
        .filter((row) => !search || `${row.id} ${row.title ?? ''}`.toLowerCase().includes(search))
        .sort(
          (a, b) =>
            Number(b.kevDateAdded !== null) - Number(a.kevDateAdded !== null) ||
            (b.cvss ?? 0) - (a.cvss ?? 0) ||
            b.devices - a.devices ||
            a.id.localeCompare(b.id),
        );
      return {
        rows: rows.slice(query.page * query.pageSize, (query.page + 1) * query.pageSize),
        total: rows.length,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  );

  let unmatchedCache: { version: string | null; rows: UnmatchedDevice[] } | undefined;
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/vulnerabilities/unmatched',
      access: 'vulnerabilities:read',
      tag: 'vulnerabilities',
      summary:
        'Devices that cannot be matched to advisories because their model or firmware is unknown, with the advisories that name products of their maker',
      query: z.object({ type: z.string().max(100).optional() }),
    },
    async ({ query }) => {
      const version = context.summaries.version;
      if (unmatchedCache?.version !== version)
        unmatchedCache = { version, rows: await unmatchedDevices(store, context.vendors) };
      const rows = unmatchedCache.rows.filter(
        (row) => query.type === undefined || row.type?.toLowerCase() === query.type.toLowerCase(),
      );
      return { rows, total: rows.length };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/vulnerabilities/:id/devices',
      access: 'vulnerabilities:read',
      tag: 'vulnerabilities',
      summary: 'The devices a vulnerability is matched to, with certainty and status',
      params: z.object({ id: z.string().min(1).max(100) }),
    },
    async ({ params }) => {
      const matches = (await deviceVulnerabilities(store)).filter(
        (vulnerability) => vulnerability.id === params.id,
      );
      const summaries = matches.map((match) => inventory().find(match.deviceId));
      return matches.map((match, index) => ({
        deviceId: match.deviceId,
        name: summaries[index]?.name ?? match.deviceId,
        type: summaries[index]?.type ?? null,
        certainty: match.certainty,
        confidence: match.confidence,
        status: match.status.value,
        recommendedActions: match.recommendedActions,
      }));
    },
  );
}
