import { formatIpv4, formatIpv4Bytes, formatMac } from '../../decode/address-format.js';
import type { PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { BootpField, BootpOp, DhcpOption, dhcpMessageTypes } from './consts.js';
import { isDhcp } from './detect.js';
import { foldDhcp } from './fold.js';
import type { DhcpMessageObservation } from './observation.js';
import { readClientFqdn, readOptionText } from './read-text.js';

const ethernetHardwareType = 1;

/**
 * DHCPv4 (RFC 2131, options RFC 2132): the richest passive source of identity a device offers —
 * its MAC, the address leased to it, its host name, its vendor class and its option-55 fingerprint.
 * Replies from servers describe the client in `chaddr`, so their facts go to the client (Zeek's
 * DHCP analysis takes the same view).
 */
export const dhcpDissector: Dissector = {
  protocol: 'dhcp',
  matches: isDhcp,
  dissect(view: PacketView, context: DissectContext): void {
    const observation = readDhcpMessage(view, context);
    if (observation === undefined) context.counters.countMalformed('dhcp');
    else context.emit(observation);
  },
};

function readDhcpMessage(view: PacketView, context: DissectContext): DhcpMessageObservation | undefined {
  const data = view.packet.data;
  const start = view.payloadOffset;
  const end = start + view.payloadLength;
  const op = data[start + BootpField.op];
  if (op !== BootpOp.request && op !== BootpOp.reply) return undefined;
  if (
    data[start + BootpField.hardwareType] !== ethernetHardwareType ||
    data[start + BootpField.hardwareLength] !== 6
  ) {
    return undefined;
  }
  const observation: DhcpMessageObservation = {
    kind: 'dhcp.message',
    timestampMs: view.packet.timestampMs,
    evidence: evidenceOf(view, context),
    messageType: 'unknown',
    isFromClient: op === BootpOp.request,
    transactionId: data.readUInt32BE(start + BootpField.transactionId),
    clientMac: formatMac(data, start + BootpField.clientHardwareAddress),
    senderMac: view.sourceMacOffset >= 0 ? formatMac(data, view.sourceMacOffset) : undefined,
    senderIp: view.networkLayer === 4 ? formatIpv4(view.sourceAddress[0]!) : '',
    leasedIp: undefined,
    relayIp: nonZeroIpv4(data, start + BootpField.relayIp),
    clientIp: nonZeroIpv4(data, start + BootpField.clientIp),
    requestedIp: undefined,
    serverId: undefined,
    hostname: undefined,
    vendorClass: undefined,
    clientId: undefined,
    fqdn: undefined,
    parameterRequestList: undefined,
    leaseTimeSeconds: undefined,
    vlanId: view.vlanId,
  };
  let at = start + BootpField.options;
  while (at < end) {
    const code = data[at]!;
    if (code === DhcpOption.end) break;
    if (code === DhcpOption.pad) {
      at += 1;
      continue;
    }
    if (at + 2 > end) return undefined;
    const length = data[at + 1]!;
    const value = at + 2;
    if (value + length > end) return undefined;
    readOption(observation, code, data, value, length);
    at = value + length;
  }
  if (observation.messageType === 'ack') observation.leasedIp = nonZeroIpv4(data, start + BootpField.yourIp);
  return observation;
}

function readOption(
  observation: DhcpMessageObservation,
  code: number,
  data: Buffer,
  value: number,
  length: number,
): void {
  switch (code) {
    case DhcpOption.messageType:
      if (length >= 1) observation.messageType = dhcpMessageTypes[data[value]!] ?? 'unknown';
      break;
    case DhcpOption.hostname:
      observation.hostname = readOptionText(data, value, length) || undefined;
      break;
    case DhcpOption.requestedIp:
      if (length === 4) observation.requestedIp = formatIpv4Bytes(data, value);
      break;
    case DhcpOption.serverId:
      if (length === 4) observation.serverId = formatIpv4Bytes(data, value);
      break;
    case DhcpOption.leaseTime:
      if (length === 4) observation.leaseTimeSeconds = data.readUInt32BE(value);
      break;
    case DhcpOption.parameterRequestList:
      observation.parameterRequestList = Array.from(data.subarray(value, value + length));
      break;
    case DhcpOption.vendorClass:
      observation.vendorClass = readOptionText(data, value, length) || undefined;
      break;
    case DhcpOption.clientId:
      if (length > 0) observation.clientId = data.toString('hex', value, value + length);
      break;
    case DhcpOption.clientFqdn:
      observation.fqdn = readClientFqdn(data, value, length);
      break;
  }
}

function nonZeroIpv4(data: Buffer, offset: number): string | undefined {
  return data.readUInt32BE(offset) === 0 ? undefined : formatIpv4Bytes(data, offset);
}

/** DHCP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const dhcpProtocol: Protocol<DhcpMessageObservation> = {
  name: 'dhcp',
  packetDissector: dhcpDissector,
  kinds: ['dhcp.message'],
  fold: foldDhcp,
};
