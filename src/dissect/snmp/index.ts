import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { printableText } from '../../observe/printable-text.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { readBerElement, readBerOid, readBerUnsigned } from './ber.js';
import {
  defaultCommunities,
  snmpAgentPort,
  snmpPduTypes,
  snmpTrapPort,
  snmpVersions,
  systemObjects,
} from './consts.js';
import { foldSnmp } from './fold.js';
import type { SnmpMessageObservation } from './observation.js';

const tagSequence = 0x30;
const tagInteger = 0x02;
const tagOctetString = 0x04;
const tagOid = 0x06;
/** Variable bindings read per message; a get of the system group has a handful. */
const maxVariableBindings = 64;

/**
 * SNMP over UDP 161/162 (RFC 1157, RFC 3416): version, PDU type, whether the community is a
 * well-known default (never the community itself), and the MIB-II system group values that
 * name a device (sysDescr, sysName, sysObjectID).
 */
export const snmpDissector: Dissector = {
  protocol: 'snmp',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === snmpAgentPort ||
      view.destinationPort === snmpAgentPort ||
      view.sourcePort === snmpTrapPort ||
      view.destinationPort === snmpTrapPort),
  dissect(view: PacketView, context: DissectContext): void {
    const observation = readSnmpMessage(view, context);
    if (observation === undefined) context.counters.countMalformed('snmp');
    else context.emit(observation);
  },
};

function readSnmpMessage(view: PacketView, context: DissectContext): SnmpMessageObservation | undefined {
  const data = view.packet.data;
  const limit = view.payloadOffset + view.payloadLength;
  const message = readBerElement(data, view.payloadOffset, limit);
  if (message === undefined || message.tag !== tagSequence) return undefined;
  const versionElement = readBerElement(data, message.start, message.end);
  if (versionElement === undefined || versionElement.tag !== tagInteger) return undefined;
  const version = snmpVersions[readBerUnsigned(data, versionElement) ?? -1];
  if (version === undefined) return undefined;
  const observation: SnmpMessageObservation = {
    kind: 'snmp.message',
    timestampMs: view.packet.timestampMs,
    evidence: evidenceOf(view, context),
    sender: packetEndpoint(view, true),
    receiver: packetEndpoint(view, false),
    version,
    pduType: undefined,
    isDefaultCommunity: false,
    sysDescr: undefined,
    sysName: undefined,
    sysObjectId: undefined,
  };
  // SNMPv3 carries security parameters instead of a community, and often an encrypted PDU.
  if (version === 'v3') return observation;
  const community = readBerElement(data, versionElement.end, message.end);
  if (community === undefined || community.tag !== tagOctetString) return undefined;
  observation.isDefaultCommunity = defaultCommunities.has(
    data.toString('latin1', community.start, community.end),
  );
  const pdu = readBerElement(data, community.end, message.end);
  if (pdu === undefined || snmpPduTypes[pdu.tag] === undefined) return undefined;
  observation.pduType = snmpPduTypes[pdu.tag];
  // The v1 trap PDU has its own layout (RFC 1157 §4.1.6); its variables are not read.
  if (pdu.tag === 0xa4) return observation;
  let at = pdu.start;
  for (let field = 0; field < 3; field += 1) {
    const header = readBerElement(data, at, pdu.end);
    if (header === undefined || header.tag !== tagInteger) return undefined;
    at = header.end;
  }
  const bindings = readBerElement(data, at, pdu.end);
  if (bindings === undefined || bindings.tag !== tagSequence) return undefined;
  at = bindings.start;
  for (let count = 0; at < bindings.end && count < maxVariableBindings; count += 1) {
    const binding = readBerElement(data, at, bindings.end);
    if (binding === undefined || binding.tag !== tagSequence) return undefined;
    const name = readBerElement(data, binding.start, binding.end);
    if (name === undefined || name.tag !== tagOid) return undefined;
    const value = readBerElement(data, name.end, binding.end);
    if (value === undefined) return undefined;
    const field = systemObjects[readBerOid(data, name) ?? ''];
    if (field === 'sysObjectId' && value.tag === tagOid) observation.sysObjectId = readBerOid(data, value);
    else if (field !== undefined && field !== 'sysObjectId' && value.tag === tagOctetString) {
      observation[field] = printableText(data.toString('utf8', value.start, value.end), 512) || undefined;
    }
    at = binding.end;
  }
  return observation;
}

/** SNMP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const snmpProtocol: Protocol<SnmpMessageObservation> = {
  name: 'snmp',
  packetDissector: snmpDissector,
  kinds: ['snmp.message'],
  fold: foldSnmp,
};
