import { clinicalApplications } from '../../config/segmentation.js';
import { isPrivateAddress } from '../../inventory/private-address.js';
import { hoursPerWeek } from './hour-of-week.js';

/** What utilisation is read from: a flow of the device, as the store keeps it. */
export interface ActivityFlow {
  initiatorAddress: string;
  responderAddress: string;
  protocol: number;
  initiatorPort: number;
  responderPort: number;
  firstSeenMs: number;
  lastSeenMs: number;
  bytes: number;
}

/**
 * When a device works, hour of the week by hour of the week. `sessions` counts its flows that are
 * work (a study sent, a message, a login: anything but the housekeeping every host does), in every
 * hour a flow spans; `observedHours` counts the distinct clock hours Vigil saw it in at all, so an
 * hour with no work can be told from an hour nobody watched.
 */
export interface Utilisation {
  sessions: number[];
  bytes: number[];
  observedHours: number[];
}

const udp = 17;
const tcp = 6;
/**
 * Ports of the housekeeping every host does whether or not anyone uses it: names (DNS, mDNS,
 * LLMNR, NetBIOS), addresses (DHCP, DHCPv6), time (NTP), discovery (SSDP, WS-Discovery) and being
 * managed (SNMP, syslog). A CT answering NTP at 03:00 is idle.
 */
const housekeepingPorts: ReadonlySet<number> = new Set([
  53, 67, 68, 123, 137, 138, 161, 162, 514, 546, 547, 1900, 3702, 5353, 5355,
]);

/** Clinical applications' ports by transport × 65,536 + port: always work, wherever the peer is. */
const clinicalPorts: ReadonlySet<number> = new Set(
  clinicalApplications.flatMap((application) =>
    application.ports.map((port) => (application.protocol === 'tcp' ? tcp : udp) * 65_536 + port),
  ),
);

/**
 * Whether a flow of `device` is work rather than housekeeping. Housekeeping: ICMP and other
 * transports, the housekeeping ports, and what the device itself opens to the internet on other
 * than clinical ports (the manufacturer's telemetry and update checks, which run day and night
 * whether or not a patient is on the table). A clinical protocol is work even to a cloud.
 */
export function isWorkFlow(flow: ActivityFlow, device: ReadonlySet<string>): boolean {
  if (flow.protocol !== tcp && flow.protocol !== udp) return false;
  if (clinicalPorts.has(flow.protocol * 65_536 + flow.responderPort)) return true;
  if (housekeepingPorts.has(flow.responderPort) || housekeepingPorts.has(flow.initiatorPort)) return false;
  return !(device.has(flow.initiatorAddress) && !isPrivateAddress(flow.responderAddress));
}

const hourMs = 3_600_000;
/** A flow counts in at most a day of hours: a session held open for weeks is not a week of work. */
const longestCountedHours = 24;

/**
 * A device's utilisation from its flows and the spans Vigil was watching (capture files' first and
 * last packets): an hour is observed when a span covers it or the device showed any traffic in it.
 */
export function utilisationOf(
  /** The device's own addresses: what it opens is told from what is opened to it. */
  device: ReadonlySet<string>,
  flows: Iterable<ActivityFlow>,
  watched: readonly { fromMs: number; toMs: number }[],
  hourOfWeek: (ms: number) => number,
): Utilisation {
  const sessions = new Array<number>(hoursPerWeek).fill(0);
  const bytes = new Array<number>(hoursPerWeek).fill(0);
  const observed = new Set<number>();
  for (const flow of flows) {
    const first = Math.floor(flow.firstSeenMs / hourMs);
    const last = Math.min(Math.floor(flow.lastSeenMs / hourMs), first + longestCountedHours - 1);
    for (let absolute = first; absolute <= last; absolute++) observed.add(absolute);
    if (!isWorkFlow(flow, device)) continue;
    const spanned = last - first + 1;
    for (let absolute = first; absolute <= last; absolute++) {
      const hour = hourOfWeek(absolute * hourMs);
      sessions[hour]! += 1;
      bytes[hour]! += flow.bytes / spanned;
    }
  }
  for (const span of watched) {
    const last = Math.floor(span.toMs / hourMs);
    for (let absolute = Math.floor(span.fromMs / hourMs); absolute <= last; absolute++)
      observed.add(absolute);
  }
  const observedHours = new Array<number>(hoursPerWeek).fill(0);
  for (const absolute of observed) observedHours[hourOfWeek(absolute * hourMs)]! += 1;
  return { sessions, bytes: bytes.map(Math.round), observedHours };
}

/** Several devices' utilisation as one: work adds up, an hour is observed as often as any of them saw it. */
export function combineUtilisation(profiles: readonly Utilisation[]): Utilisation {
  const sum = (pick: (profile: Utilisation) => number[]) =>
    Array.from({ length: hoursPerWeek }, (_, hour) =>
      profiles.reduce((total, profile) => total + pick(profile)[hour]!, 0),
    );
  return {
    sessions: sum((profile) => profile.sessions),
    bytes: sum((profile) => profile.bytes),
    observedHours: Array.from({ length: hoursPerWeek }, (_, hour) =>
      Math.max(0, ...profiles.map((profile) => profile.observedHours[hour]!)),
    ),
  };
}
