/** HTTP/1.1 messages (RFC 9112) for the simulator and benchmarks, with Content-Length bodies. */

export function encodeHttpRequest(
  method: string,
  target: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer = Buffer.alloc(0),
): Buffer {
  const fields = Object.entries(
    body.length > 0 ? { ...headers, 'Content-Length': String(body.length) } : headers,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`${method} ${target} HTTP/1.1\r\n${fields}\r\n`), body]);
}

export function encodeHttpResponse(
  status: number,
  reason: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer = Buffer.alloc(0),
): Buffer {
  const fields = Object.entries({ ...headers, 'Content-Length': String(body.length) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${reason}\r\n${fields}\r\n`), body]);
}
