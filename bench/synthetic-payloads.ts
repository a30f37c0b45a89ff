/**
 * Application payloads for the synthetic benchmark capture, so that the stream dissectors do
 * real work: HTTP/1.1 exchanges with Content-Length, TLS handshakes followed by application-data
 * records, and DNS queries with answers.
 */

export function httpRequest(index: number): Buffer {
  return Buffer.from(
    `GET /api/v1/status/${index} HTTP/1.1\r\nHost: device-${index % 97}.clinical.example\r\nUser-Agent: InfusionGateway/${index % 7}.2\r\nAccept: */*\r\n\r\n`,
  );
}

export function httpResponse(bodyBytes: number): Buffer {
  const header = Buffer.from(
    `HTTP/1.1 200 OK\r\nServer: GoAhead-Webs/2.5\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n\r\n`,
  );
  return Buffer.concat([header, Buffer.alloc(bodyBytes, 0x7b)]);
}

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

export function tlsClientHello(serverName: string): Buffer {
  const name = Buffer.from(serverName);
  const sni = Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
  const versions = Buffer.from([4, 0x03, 0x04, 0x03, 0x03]);
  const groups = Buffer.concat([u16(4), u16(0x001d), u16(0x0017)]);
  const extensions = Buffer.concat([
    u16(0x0000),
    u16(sni.length),
    sni,
    u16(0x000a),
    u16(groups.length),
    groups,
    u16(0x002b),
    u16(versions.length),
    versions,
  ]);
  const body = Buffer.concat([
    u16(0x0303),
    Buffer.alloc(32, 1),
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

export function tlsServerHello(): Buffer {
  const extensions = Buffer.concat([u16(0x002b), u16(2), u16(0x0304)]);
  const body = Buffer.concat([
    u16(0x0303),
    Buffer.alloc(32, 2),
    Buffer.from([0]),
    u16(0x1301),
    Buffer.from([0]),
    u16(extensions.length),
    extensions,
  ]);
  return Buffer.concat([record(22, handshake(2, body)), record(20, Buffer.from([1]))]);
}

export function tlsApplicationData(bytes: number): Buffer {
  return record(23, Buffer.alloc(Math.max(1, bytes - 5), 0x33));
}

function dnsName(name: string): Buffer {
  return Buffer.concat([
    ...name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

export function dnsQuery(id: number, name: string): Buffer {
  const header = Buffer.concat([u16(id), u16(0x0100), u16(1), u16(0), u16(0), u16(0)]);
  return Buffer.concat([header, dnsName(name), u16(1), u16(1)]);
}

export function dnsAnswer(id: number, name: string, address: readonly number[]): Buffer {
  const header = Buffer.concat([u16(id), u16(0x8180), u16(1), u16(1), u16(0), u16(0)]);
  const answer = Buffer.concat([
    Buffer.from([0xc0, 12]),
    u16(1),
    u16(1),
    Buffer.from([0, 0, 1, 44]),
    u16(4),
    Buffer.from(address),
  ]);
  return Buffer.concat([header, dnsName(name), u16(1), u16(1), answer]);
}
