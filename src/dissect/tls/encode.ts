/**
 * TLS records (RFC 8446 §5, §4) for the simulator and benchmarks: a ClientHello offering TLS 1.3
 * and 1.2 with SNI, a ServerHello choosing 1.3, and application data of a given size.
 */

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function record(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 3, 3]), u16(body.length), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0, body.length >> 8, body.length & 0xff]), body]);
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(body.length), body]);
}

export function encodeClientHello(serverName: string, random: Buffer = Buffer.alloc(32, 1)): Buffer {
  const name = Buffer.from(serverName);
  const extensions = Buffer.concat([
    extension(0x0000, Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name])),
    extension(0x000a, Buffer.concat([u16(4), u16(0x001d), u16(0x0017)])),
    extension(0x002b, Buffer.from([4, 0x03, 0x04, 0x03, 0x03])),
  ]);
  const body = Buffer.concat([
    u16(0x0303),
    random,
    Buffer.from([0]),
    u16(6),
    u16(0x1301),
    u16(0x1302),
    u16(0xc02f),
    Buffer.from([1, 0]),
    u16(extensions.length),
    extensions,
  ]);
  return record(22, handshake(1, body));
}

/** The ServerHello choosing TLS 1.3 (supported_versions) and its ChangeCipherSpec. */
export function encodeServerHello(random: Buffer = Buffer.alloc(32, 2)): Buffer {
  const extensions = extension(0x002b, u16(0x0304));
  const body = Buffer.concat([
    u16(0x0303),
    random,
    Buffer.from([0]),
    u16(0x1301),
    Buffer.from([0]),
    u16(extensions.length),
    extensions,
  ]);
  return Buffer.concat([record(22, handshake(2, body)), record(20, Buffer.from([1]))]);
}

/** An application-data record of `bytes` bytes in all (header included), its content opaque. */
export function encodeApplicationData(bytes: number): Buffer {
  return record(23, Buffer.alloc(Math.max(1, bytes - 5), 0x33));
}
