import { formatIpv4Bytes, formatMac, isGroupMac } from '../../decode/address-format.js';
import { NetworkLayer, type PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { foldArp } from './fold.js';
import type { ArpBindingObservation } from './observation.js';

const operationRequest = 1;
const operationReply = 2;

/**
 * ARP (RFC 826): every request and reply binds the sender's MAC to its IPv4 address. Probes
 * (RFC 5227, sender address 0.0.0.0) name only the MAC.
 */
export const arpDissector: Dissector = {
  protocol: 'arp',
  matches: (view: PacketView) => view.networkLayer === NetworkLayer.arp,
  dissect(view: PacketView, context: DissectContext): void {
    const data = view.packet.data;
    const operation = view.arpOperation;
    if (operation !== operationRequest && operation !== operationReply) {
      context.counters.countMalformed('arp');
      return;
    }
    const macOffset = view.arpSenderMacOffset;
    if (isGroupMac(data, macOffset) || isZero(data, macOffset, 6)) return;
    const isProbe = isZero(data, view.arpSenderIpOffset, 4);
    const isGratuitous =
      !isProbe && data.readUInt32BE(view.arpSenderIpOffset) === data.readUInt32BE(view.arpTargetIpOffset);
    context.emit({
      kind: 'arp.binding',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      mac: formatMac(data, macOffset),
      ip: isProbe ? undefined : formatIpv4Bytes(data, view.arpSenderIpOffset),
      targetIp: formatIpv4Bytes(data, view.arpTargetIpOffset),
      operation: operation === operationRequest ? 'request' : 'reply',
      isGratuitous,
      vlanId: view.vlanId,
    });
  },
};

function isZero(data: Uint8Array, offset: number, length: number): boolean {
  for (let index = 0; index < length; index += 1) if (data[offset + index] !== 0) return false;
  return true;
}

/** ARP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const arpProtocol: Protocol<ArpBindingObservation> = {
  name: 'arp',
  packetDissector: arpDissector,
  kinds: ['arp.binding'],
  fold: foldArp,
};
