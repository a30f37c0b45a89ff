import { z } from 'zod';
import { zoneOf } from '../../config/zones.js';
import type { ServerContext } from '../server-context.js';
import { buildZoneMap } from '../summaries/zone-map.js';

/** Most device nodes one map answers with: beyond it a zone is shown by its busiest devices. */
const maxDeviceNodes = 400;

/**
 * Who talks to whom: zones and the traffic between them, or, inside one zone, its devices and
 * their connections (to other zones' devices drawn as those zones).
 */
export function registerNetworkRoutes(context: ServerContext): void {
  const { routes, store, zones } = context;
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/network/map',
      access: 'inventory:read',
      tag: 'network',
      summary:
        'The communication map: zones with their device counts, worst risk and links labelled with services, and the forbidden crossings (untrusted zones or the Internet into clinical zones) with their devices; or one zone’s devices',
      query: z.object({ zone: z.string().max(100).optional() }),
    },
    async ({ query }) => {
      if (query.zone === undefined)
        return buildZoneMap(await store.flows.services(), zones, context.summaries.inventory);
      const pairs = await store.flows.addressPairs();
      const page = context.summaries.inventory.page({
        offset: 0,
        limit: maxDeviceNodes,
        sort: 'riskScore',
        descending: true,
        zone: query.zone,
      });
      const byAddress = new Map(page.rows.filter((row) => row.ip !== null).map((row) => [row.ip!, row]));
      const nodes: { id: string; label: string; kind: string; riskLevel?: string; type?: string | null }[] =
        page.rows.map((row) => ({
          id: row.deviceId,
          label: row.name,
          kind: 'device',
          riskLevel: row.riskLevel,
          type: row.type,
        }));
      const links = new Map<string, { source: string; target: string; connections: number }>();
      const endOf = (address: string) => {
        const device = byAddress.get(address);
        if (device !== undefined) return device.deviceId;
        const zone = zoneOf(address, zones);
        if (zone === null || zone === query.zone) return null;
        if (!nodes.some((node) => node.id === `zone:${zone}`))
          nodes.push({ id: `zone:${zone}`, label: zone, kind: 'zone' });
        return `zone:${zone}`;
      };
      for (const { initiator, responder } of pairs) {
        if (!byAddress.has(initiator) && !byAddress.has(responder)) continue;
        const source = endOf(initiator);
        const target = endOf(responder);
        if (source === null || target === null) continue;
        const key = `${source}\u0000${target}`;
        const link = links.get(key) ?? { source, target, connections: 0 };
        link.connections += 1;
        links.set(key, link);
      }
      return {
        nodes,
        links: [...links.values()],
        truncated: page.total > page.rows.length,
        total: page.total,
      };
    },
  );
}
