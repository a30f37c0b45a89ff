import { isForbiddenCrossing, type Zone, zoneOf } from '../../config/zones.js';
import type { DeviceSummary } from '../../store/device-summary.js';
import type { InventoryIndex } from './inventory-index.js';

/** Traffic from one zone to another, as the zone map draws and labels it. */
export interface ZoneLink {
  source: string;
  target: string;
  /** Distinct initiator–responder address pairs. */
  connections: number;
  flows: number;
  /** Distinct addresses that opened connections, and distinct ones they reached. */
  initiators: number;
  responders: number;
  /** The busiest services by flows (`telnet TCP/23`), at most three, and how many ports in all. */
  services: string[];
  ports: number;
  /** From an untrusted zone or the Internet into a clinical zone. */
  forbidden: boolean;
}

/** A forbidden crossing with the devices that made it and what they reached. */
export interface ZoneCrossing {
  source: string;
  target: string;
  devices: { deviceId: string | null; name: string; type: string | null; address: string }[];
  reached: { deviceId: string | null; name: string; type: string | null; address: string }[];
  services: string[];
  ports: number;
}

export interface ZoneMap {
  nodes: {
    id: string;
    label: string;
    kind: 'zone';
    devices: number;
    trust: string;
    worstRisk: string | null;
  }[];
  links: ZoneLink[];
  crossings: ZoneCrossing[];
}

const serviceNames: Record<string, string> = {
  'TCP/21': 'FTP',
  'TCP/22': 'SSH',
  'TCP/23': 'telnet',
  'TCP/80': 'HTTP',
  'TCP/104': 'DICOM',
  'TCP/139': 'NetBIOS',
  'TCP/443': 'HTTPS',
  'TCP/445': 'SMB',
  'TCP/502': 'Modbus',
  'TCP/2575': 'HL7',
  'TCP/3389': 'RDP',
  'TCP/5900': 'VNC',
  'TCP/11112': 'DICOM',
  'UDP/53': 'DNS',
  'UDP/67': 'DHCP',
  'UDP/123': 'NTP',
  'UDP/161': 'SNMP',
  'UDP/514': 'syslog',
  'UDP/47808': 'BACnet',
};

/** `SMB TCP/445`, `TCP/8443`, `ICMP`. */
export function serviceName(protocol: number, port: number): string {
  const transport =
    protocol === 6 ? 'TCP' : protocol === 17 ? 'UDP' : protocol === 1 ? 'ICMP' : `IP ${protocol}`;
  if (protocol !== 6 && protocol !== 17) return transport;
  const key = `${transport}/${port}`;
  const name = serviceNames[key];
  return name === undefined ? key : `${name} ${key}`;
}

/**
 * The zones, the traffic between them labelled with its services, and the crossings from
 * untrusted zones into clinical ones with the devices on both sides (never capped: a scan from the
 * guest network names every device it reached).
 */
export function buildZoneMap(
  services: readonly {
    initiator: string;
    responder: string;
    protocol: number;
    port: number;
    flows: number;
  }[],
  zones: readonly Zone[],
  inventory: InventoryIndex,
): ZoneMap {
  const byKey = new Map<
    string,
    {
      link: ZoneLink;
      pairs: Set<string>;
      initiators: Set<string>;
      responders: Set<string>;
      byService: Map<string, number>;
    }
  >();
  for (const row of services) {
    const source = zoneOf(row.initiator, zones);
    const target = zoneOf(row.responder, zones);
    // Broadcast and multicast reach no one zone: they are not links.
    if (source === null || target === null || source === target) continue;
    const key = `${source}\u0000${target}`;
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = {
        link: {
          source,
          target,
          connections: 0,
          flows: 0,
          initiators: 0,
          responders: 0,
          services: [],
          ports: 0,
          forbidden: isForbiddenCrossing(source, target, zones),
        },
        pairs: new Set(),
        initiators: new Set(),
        responders: new Set(),
        byService: new Map(),
      };
      byKey.set(key, entry);
    }
    entry.link.flows += row.flows;
    entry.pairs.add(`${row.initiator} ${row.responder}`);
    entry.initiators.add(row.initiator);
    entry.responders.add(row.responder);
    const service = serviceName(row.protocol, row.port);
    entry.byService.set(service, (entry.byService.get(service) ?? 0) + row.flows);
  }
  const links = [...byKey.values()].map(({ link, pairs, initiators, responders, byService }) => ({
    ...link,
    connections: pairs.size,
    initiators: initiators.size,
    responders: responders.size,
    services: [...byService]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([name]) => name),
    ports: byService.size,
  }));
  const deviceAt = addressBook(inventory);
  const crossings = [...byKey.values()]
    .filter(({ link }) => link.forbidden)
    .map(({ link, initiators, responders }) => {
      const full = links.find(
        (candidate) => candidate.source === link.source && candidate.target === link.target,
      )!;
      return {
        source: link.source,
        target: link.target,
        devices: [...initiators].sort().map((address) => deviceAt(address, link.source)),
        reached: [...responders].sort().map((address) => deviceAt(address, link.target)),
        services: full.services,
        ports: full.ports,
      };
    });
  const counts = inventory.tally('zone');
  const names = new Set<string>([
    ...counts.filter((tally) => tally.value !== null).map((tally) => tally.value as string),
    ...links.flatMap((link) => [link.source, link.target]),
  ]);
  const nodes = [...names].map((name) => ({
    id: name,
    label: name,
    kind: 'zone' as const,
    devices: counts.find((tally) => tally.value === name)?.count ?? 0,
    trust:
      name === 'Internet' ? 'untrusted' : (zones.find((zone) => zone.name === name)?.trust ?? 'internal'),
    worstRisk:
      inventory.page({ offset: 0, limit: 1, sort: 'riskScore', descending: true, zone: name }).rows[0]
        ?.riskLevel ?? null,
  }));
  return { nodes, links, crossings };
}

/** The devices of a zone by address, read from the inventory's rows once per zone. */
function addressBook(inventory: InventoryIndex) {
  const byZone = new Map<string, Map<string, DeviceSummary>>();
  return (address: string, zone: string) => {
    let book = byZone.get(zone);
    if (book === undefined) {
      const { rows } = inventory.page({
        offset: 0,
        limit: Number.MAX_SAFE_INTEGER,
        sort: 'name',
        descending: false,
        zone,
      });
      book = new Map(rows.filter((row) => row.ip !== null).map((row) => [row.ip as string, row]));
      byZone.set(zone, book);
    }
    const row = book.get(address);
    return { deviceId: row?.deviceId ?? null, name: row?.name ?? address, type: row?.type ?? null, address };
  };
}
