import { macBytes } from '../../decode/encode-frame.js';

/** One TLV (IEEE 802.1AB §8.4): 7-bit type, 9-bit length, value. */
function tlv(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE((type << 9) | value.length);
  return Buffer.concat([header, value]);
}

/**
 * An LLDPDU (the Ethernet payload, EtherType 0x88cc) for the simulator: chassis id as the MAC,
 * port id as an interface name, TTL, system name and description, end.
 */
export function encodeLldpdu(options: {
  chassisMac: string;
  portId: string;
  systemName: string;
  systemDescription: string;
  ttlSeconds?: number;
}): Buffer {
  const ttl = Buffer.alloc(2);
  ttl.writeUInt16BE(options.ttlSeconds ?? 120);
  return Buffer.concat([
    tlv(1, Buffer.concat([Buffer.from([4]), macBytes(options.chassisMac)])),
    tlv(2, Buffer.concat([Buffer.from([5]), Buffer.from(options.portId)])),
    tlv(3, ttl),
    tlv(5, Buffer.from(options.systemName)),
    tlv(6, Buffer.from(options.systemDescription)),
    tlv(0, Buffer.alloc(0)),
  ]);
}
