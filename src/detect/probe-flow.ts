import type { FlowRecord } from '../flows/flow-record.js';

const tcp = 6;
const udp = 17;
const icmp = 1;
const icmpv6 = 58;
const push = 0x08;

/**
 * A flow that only knocked: a TCP handshake refused, unanswered, or opened and dropped with no
 * data (SYN and connect scans); a UDP datagram or two with at most one answer; an ICMP echo.
 * Real sessions carry data (PSH) or more packets, so a busy client is not a scanner.
 */
export function isProbeFlow(flow: FlowRecord): boolean {
  if (isGroupAddress(flow.responder.address)) return false;
  if (flow.protocol === tcp)
    return (
      flow.packetsFromInitiator <= 3 &&
      flow.packetsFromResponder <= 2 &&
      ((flow.tcpFlagsFromInitiator | flow.tcpFlagsFromResponder) & push) === 0
    );
  // A datagram from a well-known port is a service speaking (a DHCP server's offers to port 68,
  // a DNS answer after the query's flow ended), not a probe: scanners send from ephemeral ports.
  if (flow.protocol === udp)
    return flow.initiator.port >= 1024 && flow.packetsFromInitiator <= 2 && flow.packetsFromResponder <= 1;
  if (flow.protocol === icmp || flow.protocol === icmpv6)
    return flow.packetsFromInitiator <= 2 && flow.packetsFromResponder <= 2;
  return false;
}

/** `443/tcp`, `161/udp`, `icmp`: what a probe was aimed at. */
export function serviceOf(flow: FlowRecord): string {
  if (flow.protocol === tcp) return `${flow.responder.port}/tcp`;
  if (flow.protocol === udp) return `${flow.responder.port}/udp`;
  return flow.protocol === icmpv6 ? 'icmpv6' : 'icmp';
}

/** Broadcast and multicast destinations: announcements, never a knock on one host. */
function isGroupAddress(address: string): boolean {
  if (address.includes(':')) return address.toLowerCase().startsWith('ff');
  const first = Number(address.slice(0, address.indexOf('.')));
  return first >= 224 || address.endsWith('.255');
}
