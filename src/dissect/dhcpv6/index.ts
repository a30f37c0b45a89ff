import { formatIpv6Words, formatMac } from '../../decode/address-format.js';
import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { printableText } from '../../observe/printable-text.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import { readUncompressedName } from '../domain-name.js';
import type { Protocol } from '../protocol.js';
import {
  clientMessageTypes,
  Dhcpv6Option,
  dhcpv6ClientPort,
  dhcpv6MessageTypes,
  dhcpv6ServerPort,
  duidLinkLayer,
  duidLinkLayerPlusTime,
} from './consts.js';
import { foldDhcpv6 } from './fold.js';
import type { Dhcpv6MessageObservation } from './observation.js';

const ethernetHardwareType = 1;
/** Addresses read per message. */
const maxAddresses = 16;

/**
 * DHCPv6 (RFC 8415) between client and server: the client's DUID (and the MAC inside it), its
 * FQDN, vendor class and option-request fingerprint, and the addresses leased to it.
 */
export const dhcpv6Dissector: Dissector = {
  protocol: 'dhcpv6',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === dhcpv6ClientPort || view.sourcePort === dhcpv6ServerPort) &&
    (view.destinationPort === dhcpv6ClientPort || view.destinationPort === dhcpv6ServerPort),
  dissect(view: PacketView, context: DissectContext): void {
    const observation = readMessage(view, context);
    if (observation === null) return;
    if (observation === undefined) context.counters.countMalformed('dhcpv6');
    else context.emit(observation);
  },
};

/** The message, undefined when malformed, null for relay messages (read by no one yet). */
function readMessage(view: PacketView, context: DissectContext): Dhcpv6MessageObservation | undefined | null {
  const data = view.packet.data;
  const start = view.payloadOffset;
  const end = start + view.payloadLength;
  if (end - start < 4) return undefined;
  const type = data[start]!;
  const messageType = dhcpv6MessageTypes[type];
  if (messageType === undefined) return type === 12 || type === 13 ? null : undefined;
  const observation: Dhcpv6MessageObservation = {
    kind: 'dhcpv6.message',
    timestampMs: view.packet.timestampMs,
    evidence: evidenceOf(view, context),
    messageType,
    isFromClient: clientMessageTypes.has(type),
    transactionId: data.readUIntBE(start + 1, 3),
    sender: packetEndpoint(view, true),
    receiver: packetEndpoint(view, false),
    clientDuid: undefined,
    duidLinkLayerAddress: undefined,
    fqdn: undefined,
    vendorClass: undefined,
    optionRequestList: undefined,
    addresses: [],
  };
  return readOptions(data, start + 4, end, observation) ? observation : undefined;
}

/** Reads options in [at, end) (RFC 8415 §21.1); false when one runs past the end. */
function readOptions(
  data: Buffer,
  start: number,
  end: number,
  observation: Dhcpv6MessageObservation,
): boolean {
  let at = start;
  while (at + 4 <= end) {
    const code = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 2);
    const value = at + 4;
    if (value + length > end) return false;
    if (!readOption(data, code, value, length, observation)) return false;
    at = value + length;
  }
  return at === end;
}

function readOption(
  data: Buffer,
  code: number,
  value: number,
  length: number,
  observation: Dhcpv6MessageObservation,
): boolean {
  switch (code) {
    case Dhcpv6Option.clientId:
      observation.clientDuid = data.toString('hex', value, value + length);
      observation.duidLinkLayerAddress = duidMac(data, value, length);
      return true;
    case Dhcpv6Option.identityAssociationNonTemporary:
      // IAID, T1, T2, then options of its own (IAADDR among them).
      return length < 12 || readOptions(data, value + 12, value + length, observation);
    case Dhcpv6Option.identityAssociationAddress:
      if (length >= 24 && observation.addresses.length < maxAddresses) {
        observation.addresses.push(
          formatIpv6Words([0, 4, 8, 12].map((offset) => data.readUInt32BE(value + offset))),
        );
      }
      return true;
    case Dhcpv6Option.optionRequest:
      observation.optionRequestList = [];
      for (let at = value; at + 2 <= value + length; at += 2)
        observation.optionRequestList.push(data.readUInt16BE(at));
      return true;
    case Dhcpv6Option.vendorClass:
      if (length >= 6) {
        const enterprise = data.readUInt32BE(value);
        const dataLength = data.readUInt16BE(value + 4);
        const text = data.toString('latin1', value + 6, value + 6 + Math.min(dataLength, length - 6));
        observation.vendorClass = `${enterprise}:${printableText(text, 256)}`;
      }
      return true;
    case Dhcpv6Option.clientFqdn:
      if (length >= 2) observation.fqdn = readUncompressedName(data, value + 1, value + length);
      return true;
    default:
      return true;
  }
}

/** The MAC inside a DUID-LL or DUID-LLT for Ethernet, if that is what the DUID is. */
function duidMac(data: Buffer, value: number, length: number): string | undefined {
  if (length < 4 || data.readUInt16BE(value + 2) !== ethernetHardwareType) return undefined;
  const type = data.readUInt16BE(value);
  if (type === duidLinkLayerPlusTime && length === 14) return formatMac(data, value + 8);
  if (type === duidLinkLayer && length === 10) return formatMac(data, value + 4);
  return undefined;
}

/** DHCPv6: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const dhcpv6Protocol: Protocol<Dhcpv6MessageObservation> = {
  name: 'dhcpv6',
  packetDissector: dhcpv6Dissector,
  kinds: ['dhcpv6.message'],
  fold: foldDhcpv6,
};
