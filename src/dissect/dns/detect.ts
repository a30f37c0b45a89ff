import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { dnsPort, llmnrPort, mdnsPort } from './consts.js';

/** Which DNS family a UDP packet belongs to, by port; undefined when none. */
export function dnsProtocolOf(view: PacketView): 'dns' | 'mdns' | 'llmnr' | undefined {
  if (!view.hasTransport || view.ipProtocol !== IpProtocol.udp || view.payloadLength < 12) return undefined;
  const source = view.sourcePort;
  const destination = view.destinationPort;
  if (source === mdnsPort || destination === mdnsPort) return 'mdns';
  if (source === llmnrPort || destination === llmnrPort) return 'llmnr';
  if (source === dnsPort || destination === dnsPort) return 'dns';
  return undefined;
}
