import type { CapturedPacket } from '../capture/captured-packet.js';
import type { DecodeCounters } from './decode-counters.js';
import { decodeLinkLayer, EtherType } from './link-layer.js';
import { decodeArp, decodeIpv4, decodeIpv6 } from './network-layer.js';
import type { PacketView } from './packet-view.js';
import { decodeTransport } from './transport-layer.js';

/**
 * Decodes one captured packet into the reused `view`, layer by layer, as far as the bytes allow.
 * Malformed layers are counted in `counters`; the view keeps what was decoded before them.
 *
 * @example
 * const view = new PacketView();
 * const counters = new DecodeCounters();
 * await reader.read((packet) => decodePacket(packet, view, counters));
 */
export function decodePacket(packet: CapturedPacket, view: PacketView, counters: DecodeCounters): void {
  counters.packets += 1;
  view.reset(packet);
  if (!decodeLinkLayer(view, counters)) return;
  let transportOffset: number;
  switch (view.etherType) {
    case EtherType.arp:
      decodeArp(view, counters);
      return;
    case EtherType.ipv4:
      transportOffset = decodeIpv4(view, counters);
      break;
    case EtherType.ipv6:
      transportOffset = decodeIpv6(view, counters);
      break;
    default:
      counters.otherNetworkLayer += 1;
      return;
  }
  if (transportOffset >= 0) decodeTransport(view, transportOffset, counters);
}
