import { formatIpv4Bytes } from '../../decode/address-format.js';
import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { foldNtp } from './fold.js';
import type { NtpMessageObservation } from './observation.js';

const ntpPort = 123;
/** The fixed NTP header (RFC 5905 §7.3); extension fields and MACs may follow. */
const headerBytes = 48;
const modeNames = [
  'reserved',
  'symmetric-active',
  'symmetric-passive',
  'client',
  'server',
  'broadcast',
  'control',
  'private',
] as const;

/**
 * NTP over UDP 123 (RFC 5905): who keeps time for whom. Version, mode, stratum and the reference
 * id (an upstream server's address, or a clock name such as `GPS` at stratum 1). Mode 6 and 7
 * (control and private) messages are also reported: they are the ones abused for amplification.
 */
export const ntpDissector: Dissector = {
  protocol: 'ntp',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === ntpPort || view.destinationPort === ntpPort),
  dissect(view: PacketView, context: DissectContext): void {
    const data = view.packet.data;
    const at = view.payloadOffset;
    const mode = view.payloadLength >= 1 ? data[at]! & 0x07 : 0;
    const version = view.payloadLength >= 1 ? (data[at]! >> 3) & 0x07 : 0;
    // Control (6) and private (7) messages have their own, shorter layouts.
    const hasHeader = view.payloadLength >= headerBytes && mode >= 1 && mode <= 5;
    if (version < 1 || version > 4 || (!hasHeader && mode < 6)) {
      context.counters.countMalformed('ntp');
      return;
    }
    const stratum = hasHeader ? data[at + 1]! : undefined;
    context.emit({
      kind: 'ntp.message',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      sender: packetEndpoint(view, true),
      receiver: packetEndpoint(view, false),
      version,
      mode: modeNames[mode]!,
      stratum,
      referenceId:
        hasHeader && stratum !== undefined && stratum > 0 ? referenceId(data, at + 12, stratum) : undefined,
    });
  },
};

/** RFC 5905 §7.3: four ASCII characters at stratum 1 (a clock source), an IPv4 address above it. */
function referenceId(data: Buffer, at: number, stratum: number): string {
  if (stratum !== 1) return formatIpv4Bytes(data, at);
  let end = at + 4;
  while (end > at && data[end - 1] === 0) end -= 1;
  return data.toString('latin1', at, end).replace(/[^\x20-\x7e]/g, '?');
}

/** NTP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const ntpProtocol: Protocol<NtpMessageObservation> = {
  name: 'ntp',
  packetDissector: ntpDissector,
  kinds: ['ntp.message'],
  fold: foldNtp,
};
