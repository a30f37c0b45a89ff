/**
 * Encoders for the headers the decoder reads, with correct lengths and checksums, so that what
 * Vigil writes (simulator, benchmarks, tests) tshark reads without complaint. They allocate
 * freely: they are not on the packet path.
 */

export function macBytes(mac: string): Buffer {
  return Buffer.from(mac.replace(/[^0-9a-fA-F]/g, ''), 'hex');
}

export function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

/** Parses full or `::`-compressed IPv6 text. */
export function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = new Array(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => {
    bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  });
  return bytes;
}

export interface EthernetOptions {
  source: string;
  destination: string;
  etherType: number;
  /** VLAN ids, outermost first; the first of two or more uses the 802.1ad (QinQ) TPID. */
  vlanIds?: readonly number[];
}

export function ethernetFrame(options: EthernetOptions, payload: Buffer): Buffer {
  const vlanIds = options.vlanIds ?? [];
  const tags = vlanIds.map((vlanId, index) => {
    const tag = Buffer.alloc(4);
    tag.writeUInt16BE(vlanId & 0x0fff, 0);
    tag.writeUInt16BE(index + 1 < vlanIds.length ? 0x8100 : options.etherType, 2);
    return tag;
  });
  const firstType = vlanIds.length === 0 ? options.etherType : vlanIds.length > 1 ? 0x88a8 : 0x8100;
  const typeField = Buffer.alloc(2);
  typeField.writeUInt16BE(firstType);
  const frame = Buffer.concat([
    macBytes(options.destination),
    macBytes(options.source),
    typeField,
    ...tags,
    payload,
  ]);
  // Ethernet's 60-byte minimum (without FCS): short frames are padded, as NICs do.
  return frame.length >= 60 ? frame : Buffer.concat([frame, Buffer.alloc(60 - frame.length)]);
}

export function arpPacket(options: {
  operation: 1 | 2;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}): Buffer {
  const packet = Buffer.alloc(28);
  packet.writeUInt16BE(1, 0);
  packet.writeUInt16BE(0x0800, 2);
  packet[4] = 6;
  packet[5] = 4;
  packet.writeUInt16BE(options.operation, 6);
  macBytes(options.senderMac).copy(packet, 8);
  ipv4Bytes(options.senderIp).copy(packet, 14);
  macBytes(options.targetMac).copy(packet, 18);
  ipv4Bytes(options.targetIp).copy(packet, 24);
  return packet;
}

export interface Ipv4Options {
  source: string;
  destination: string;
  protocol: number;
  timeToLive?: number;
  identification?: number;
  /** In 8-byte units, as on the wire. */
  fragmentOffset?: number;
  hasMoreFragments?: boolean;
}

export function ipv4Packet(options: Ipv4Options, payload: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header[0] = 0x45;
  header.writeUInt16BE(20 + payload.length, 2);
  header.writeUInt16BE(options.identification ?? 0, 4);
  header.writeUInt16BE(((options.hasMoreFragments ? 1 : 0) << 13) | (options.fragmentOffset ?? 0), 6);
  header[8] = options.timeToLive ?? 64;
  header[9] = options.protocol;
  ipv4Bytes(options.source).copy(header, 12);
  ipv4Bytes(options.destination).copy(header, 16);
  header.writeUInt16BE(internetChecksum([header]), 10);
  return Buffer.concat([header, payload]);
}

export interface Ipv6Options {
  source: string;
  destination: string;
  nextHeader: number;
  hopLimit?: number;
  /** Extension headers to insert before the payload, each with its own next-header byte set by this function. */
  extensionHeaders?: readonly { type: number; body: Buffer }[];
}

export function ipv6Packet(options: Ipv6Options, payload: Buffer): Buffer {
  const extensions = options.extensionHeaders ?? [];
  const chain = extensions.map((extension, index) => {
    const header = Buffer.from(extension.body);
    header[0] = extensions[index + 1]?.type ?? options.nextHeader;
    return header;
  });
  const header = Buffer.alloc(40);
  header.writeUInt32BE(0x60000000, 0);
  const extensionBytes = chain.reduce((total, part) => total + part.length, 0);
  header.writeUInt16BE(extensionBytes + payload.length, 4);
  header[6] = extensions[0]?.type ?? options.nextHeader;
  header[7] = options.hopLimit ?? 64;
  ipv6Bytes(options.source).copy(header, 8);
  ipv6Bytes(options.destination).copy(header, 24);
  return Buffer.concat([header, ...chain, payload]);
}

export interface TcpOptions {
  sourcePort: number;
  destinationPort: number;
  flags: number;
  sequence?: number;
  acknowledgement?: number;
  window?: number;
}

/** TCP segment with its checksum over the IPv4 or IPv6 pseudo-header of `source`/`destination`. */
export function tcpSegment(
  options: TcpOptions,
  source: string,
  destination: string,
  payload: Buffer = Buffer.alloc(0),
): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(options.sourcePort, 0);
  header.writeUInt16BE(options.destinationPort, 2);
  header.writeUInt32BE((options.sequence ?? 0) >>> 0, 4);
  header.writeUInt32BE((options.acknowledgement ?? 0) >>> 0, 8);
  header[12] = 5 << 4;
  header[13] = options.flags;
  header.writeUInt16BE(options.window ?? 65535, 14);
  const segment = Buffer.concat([header, payload]);
  segment.writeUInt16BE(transportChecksum(6, source, destination, segment), 16);
  return segment;
}

export function udpDatagram(
  sourcePort: number,
  destinationPort: number,
  source: string,
  destination: string,
  payload: Buffer,
): Buffer {
  const datagram = Buffer.alloc(8 + payload.length);
  datagram.writeUInt16BE(sourcePort, 0);
  datagram.writeUInt16BE(destinationPort, 2);
  datagram.writeUInt16BE(datagram.length, 4);
  payload.copy(datagram, 8);
  const checksum = transportChecksum(17, source, destination, datagram);
  datagram.writeUInt16BE(checksum === 0 ? 0xffff : checksum, 6);
  return datagram;
}

/** RFC 1071 ones'-complement sum over the given parts. */
export function internetChecksum(parts: readonly Buffer[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const part of parts) {
    for (const byte of part) {
      if (odd === undefined) odd = byte;
      else {
        sum += (odd << 8) | byte;
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function transportChecksum(protocol: number, source: string, destination: string, segment: Buffer): number {
  const isIpv6 = source.includes(':');
  const pseudo = isIpv6 ? Buffer.alloc(40) : Buffer.alloc(12);
  if (isIpv6) {
    ipv6Bytes(source).copy(pseudo, 0);
    ipv6Bytes(destination).copy(pseudo, 16);
    pseudo.writeUInt32BE(segment.length, 32);
    pseudo[39] = protocol;
  } else {
    ipv4Bytes(source).copy(pseudo, 0);
    ipv4Bytes(destination).copy(pseudo, 4);
    pseudo[9] = protocol;
    pseudo.writeUInt16BE(segment.length, 10);
  }
  return internetChecksum([pseudo, segment]);
}
