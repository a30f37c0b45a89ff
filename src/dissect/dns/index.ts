import { formatIpv4Bytes, formatIpv6Words } from '../../decode/address-format.js';
import type { PacketView } from '../../decode/packet-view.js';
import { printableText } from '../../observe/printable-text.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import { readName } from '../domain-name.js';
import type { Protocol } from '../protocol.js';
import { DnsRecordType, dnsRecordTypeNames, maxRecordsPerSection } from './consts.js';
import { dnsProtocolOf } from './detect.js';
import { foldDns } from './fold.js';
import type { DnsMessageObservation, DnsRecord } from './observation.js';

/**
 * DNS, multicast DNS and LLMNR over UDP (RFC 1035 §4, RFC 6762, RFC 4795): questions, and the
 * answer and additional records that carry names, addresses and advertised services.
 */
export const dnsDissector: Dissector = {
  protocol: 'dns',
  matches: (view) => dnsProtocolOf(view) !== undefined,
  dissect(view: PacketView, context: DissectContext): void {
    const protocol = dnsProtocolOf(view)!;
    const observation = readDnsMessage(view, context, protocol);
    if (observation === undefined) context.counters.countMalformed(protocol);
    else context.emit(observation);
  },
};

function readDnsMessage(
  view: PacketView,
  context: DissectContext,
  protocol: DnsMessageObservation['protocol'],
): DnsMessageObservation | undefined {
  const data = view.packet.data;
  const start = view.payloadOffset;
  const end = start + view.payloadLength;
  const flags = data.readUInt16BE(start + 2);
  const counts = [
    data.readUInt16BE(start + 4),
    data.readUInt16BE(start + 6),
    data.readUInt16BE(start + 8),
    data.readUInt16BE(start + 10),
  ];
  const observation: DnsMessageObservation = {
    kind: 'dns.message',
    timestampMs: view.packet.timestampMs,
    evidence: evidenceOf(view, context),
    protocol,
    isResponse: (flags & 0x8000) !== 0,
    transactionId: data.readUInt16BE(start),
    responseCode: flags & 0x000f,
    sender: packetEndpoint(view, true),
    receiver: packetEndpoint(view, false),
    questions: [],
    answers: [],
  };
  let at = start + 12;
  for (let index = 0; index < counts[0]!; index += 1) {
    const name = readName(data, start, end, at);
    if (name === undefined || name.next + 4 > end) return undefined;
    if (index < maxRecordsPerSection) {
      observation.questions.push({ name: name.name, type: typeName(data.readUInt16BE(name.next)) });
    }
    at = name.next + 4;
  }
  // Answer, authority and additional sections share one record format (§4.1.3).
  for (let section = 1; section <= 3; section += 1) {
    for (let index = 0; index < counts[section]!; index += 1) {
      const name = readName(data, start, end, at);
      if (name === undefined || name.next + 10 > end) return undefined;
      const type = data.readUInt16BE(name.next);
      const dataLength = data.readUInt16BE(name.next + 8);
      const rdata = name.next + 10;
      if (rdata + dataLength > end) return undefined;
      if (section !== 2 && observation.answers.length < maxRecordsPerSection) {
        observation.answers.push({
          name: name.name,
          type: typeName(type),
          value: readRecordValue(data, start, end, type, rdata, dataLength),
        });
      }
      at = rdata + dataLength;
    }
  }
  return observation;
}

function readRecordValue(
  data: Buffer,
  start: number,
  end: number,
  type: number,
  at: number,
  length: number,
): DnsRecord['value'] {
  switch (type) {
    case DnsRecordType.a:
      return length === 4 ? formatIpv4Bytes(data, at) : undefined;
    case DnsRecordType.aaaa: {
      if (length !== 16) return undefined;
      const words = [
        data.readUInt32BE(at),
        data.readUInt32BE(at + 4),
        data.readUInt32BE(at + 8),
        data.readUInt32BE(at + 12),
      ];
      return formatIpv6Words(words);
    }
    case DnsRecordType.cname:
    case DnsRecordType.ptr:
      return readName(data, start, end, at)?.name;
    case DnsRecordType.srv: {
      if (length < 7) return undefined;
      const target = readName(data, start, end, at + 6);
      return target === undefined ? undefined : `${target.name}:${data.readUInt16BE(at + 4)}`;
    }
    // HINFO (RFC 1035 §3.3.2) holds two character strings, CPU and OS; TXT holds any number.
    case DnsRecordType.hinfo:
    case DnsRecordType.txt: {
      const strings: string[] = [];
      for (let position = at; position < at + length; ) {
        const stringLength = data[position]!;
        if (position + 1 + stringLength > at + length) return undefined;
        strings.push(data.toString('latin1', position + 1, position + 1 + stringLength));
        position += 1 + stringLength;
      }
      return printableText(strings.join(';'));
    }
    default:
      return undefined;
  }
}

function typeName(type: number): string {
  return dnsRecordTypeNames[type] ?? `TYPE${type}`;
}

/** DNS: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const dnsProtocol: Protocol<DnsMessageObservation> = {
  name: 'dns',
  packetDissector: dnsDissector,
  kinds: ['dns.message'],
  fold: foldDns,
};
