/** DNS messages (RFC 1035 §4) for the simulator and tests: one question, and an A answer. */

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value & 0xffff);
  return bytes;
}

function encodeName(name: string): Buffer {
  return Buffer.concat([
    ...name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

/** A recursive query for the A record of `name`. */
export function encodeDnsQuery(id: number, name: string): Buffer {
  const header = Buffer.concat([u16(id), u16(0x0100), u16(1), u16(0), u16(0), u16(0)]);
  return Buffer.concat([header, encodeName(name), u16(1), u16(1)]);
}

/** The answer to that query: one A record (`address`, dotted), its name compressed to the question's. */
export function encodeDnsAnswer(id: number, name: string, address: string, ttlSeconds = 300): Buffer {
  const header = Buffer.concat([u16(id), u16(0x8180), u16(1), u16(1), u16(0), u16(0)]);
  const ttl = Buffer.alloc(4);
  ttl.writeUInt32BE(ttlSeconds);
  const answer = Buffer.concat([
    Buffer.from([0xc0, 12]),
    u16(1),
    u16(1),
    ttl,
    u16(4),
    Buffer.from(address.split('.').map(Number)),
  ]);
  return Buffer.concat([header, encodeName(name), u16(1), u16(1), answer]);
}
