import { formatIpv4Bytes } from '../../decode/address-format.js';
import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import { readName } from '../domain-name.js';
import type { Protocol } from '../protocol.js';
import { foldNbns } from './fold.js';
import { decodeNetbiosName, type NetbiosName, trimmedName } from './netbios-name.js';
import type { NbnsMessageObservation, NbnsNameRecord } from './observation.js';

const nbnsPort = 137;
const headerBytes = 12;
/** RFC 1002 §4.2.1.1 opcodes. */
const opcodeNames: Readonly<Record<number, string>> = {
  0: 'query',
  5: 'registration',
  6: 'release',
  7: 'wack',
  8: 'refresh',
  9: 'refresh',
  15: 'multihomed-registration',
};
const recordTypeNb = 0x0020;
const recordTypeNbstat = 0x0021;
/** Records read per section; a real message has a handful. */
const maxRecords = 32;

/**
 * NetBIOS Name Service over UDP 137 (RFC 1001/1002): the names Windows hosts, Samba servers and
 * many embedded Windows devices (modalities, lab workstations) register, query and announce,
 * with the addresses bound to them, and the name tables node-status answers list.
 */
export const nbnsDissector: Dissector = {
  protocol: 'nbns',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === nbnsPort || view.destinationPort === nbnsPort),
  dissect(view: PacketView, context: DissectContext): void {
    const message = readNbns(view.packet.data, view.payloadOffset, view.payloadOffset + view.payloadLength);
    if (message === undefined) {
      context.counters.countMalformed('nbns');
      return;
    }
    context.emit({
      kind: 'nbns.message',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      sender: packetEndpoint(view, true),
      receiver: packetEndpoint(view, false),
      ...message,
    });
  },
};

interface NbnsMessage {
  opcode: string;
  isResponse: boolean;
  /** The name asked about or registered (question, else the first answer or additional record). */
  name: string | undefined;
  suffix: number | undefined;
  /** NB records: names bound to addresses (answers, registrations). */
  records: NbnsNameRecord[];
  /** A node-status answer's name table: the responder's own names. */
  nodeNames: NbnsNameRecord[];
}

function readNbns(data: Buffer, start: number, end: number): NbnsMessage | undefined {
  if (end - start < headerBytes) return undefined;
  const flags = data.readUInt16BE(start + 2);
  const opcode = opcodeNames[(flags >> 11) & 0x0f];
  if (opcode === undefined) return undefined;
  const counts = [4, 6, 8, 10].map((offset) => data.readUInt16BE(start + offset));
  const message: NbnsMessage = {
    opcode,
    isResponse: (flags & 0x8000) !== 0,
    name: undefined,
    suffix: undefined,
    records: [],
    nodeNames: [],
  };
  let at = start + headerBytes;
  for (let index = 0; index < Math.min(counts[0]!, maxRecords); index += 1) {
    const question = readEncodedName(data, start, end, at);
    if (question === undefined || question.next + 4 > end) return undefined;
    if (message.name === undefined) Object.assign(message, { name: question.name, suffix: question.suffix });
    at = question.next + 4;
  }
  const recordCount = Math.min(counts[1]! + counts[2]! + counts[3]!, maxRecords);
  for (let index = 0; index < recordCount; index += 1) {
    const owner = readEncodedName(data, start, end, at);
    if (owner === undefined || owner.next + 10 > end) return undefined;
    const type = data.readUInt16BE(owner.next);
    const dataLength = data.readUInt16BE(owner.next + 8);
    const rdata = owner.next + 10;
    if (rdata + dataLength > end) return undefined;
    if (message.name === undefined) Object.assign(message, { name: owner.name, suffix: owner.suffix });
    if (type === recordTypeNb) readNbRecords(data, rdata, rdata + dataLength, owner, message.records);
    else if (type === recordTypeNbstat) readNodeNames(data, rdata, rdata + dataLength, message.nodeNames);
    at = rdata + dataLength;
  }
  return message;
}

function readEncodedName(
  data: Buffer,
  start: number,
  end: number,
  at: number,
): (NetbiosName & { next: number }) | undefined {
  const name = readName(data, start, end, at);
  if (name === undefined) return undefined;
  const firstLabel = name.name.split('.', 1)[0]!;
  const decoded = decodeNetbiosName(firstLabel);
  return decoded === undefined ? undefined : { ...decoded, next: name.next };
}

/** NB_FLAGS (group bit first) and an IPv4 address per entry (RFC 1002 §4.2.1.3). */
function readNbRecords(
  data: Buffer,
  start: number,
  end: number,
  owner: NetbiosName,
  records: NbnsNameRecord[],
): void {
  for (let at = start; at + 6 <= end && records.length < maxRecords; at += 6) {
    records.push({
      name: owner.name,
      suffix: owner.suffix,
      isGroup: (data[at]! & 0x80) !== 0,
      address: formatIpv4Bytes(data, at + 2),
    });
  }
}

/** A node status answer (RFC 1002 §4.2.18): a count, then 18-byte entries (name, type, flags). */
function readNodeNames(data: Buffer, start: number, end: number, names: NbnsNameRecord[]): void {
  if (start >= end) return;
  const count = data[start]!;
  for (
    let index = 0, at = start + 1;
    index < count && at + 18 <= end && names.length < maxRecords;
    index += 1
  ) {
    names.push({
      name: trimmedName(data, at, 15),
      suffix: data[at + 15]!,
      isGroup: (data[at + 16]! & 0x80) !== 0,
      address: undefined,
    });
    at += 18;
  }
}

/** NBNS: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const nbnsProtocol: Protocol<NbnsMessageObservation> = {
  name: 'nbns',
  packetDissector: nbnsDissector,
  kinds: ['nbns.message'],
  fold: foldNbns,
};
