import type { PacketView } from '../../decode/packet-view.js';
import { httpMethods, httpResponsePrefix } from './consts.js';

const methodPrefixes = httpMethods.map((method) => Buffer.from(`${method} `));
const responsePrefix = Buffer.from(httpResponsePrefix);

/**
 * HTTP/1.x on any port: a request line from the initiator (`GET /… HTTP/1.1`) or a status line
 * from the responder. The bytes decide, not the port, so a device's web UI on 8443 or 81 is found.
 */
export function isHttpStart(view: PacketView, isFromInitiator: boolean): boolean {
  const data = view.packet.data;
  const start = view.payloadOffset;
  const length = view.payloadLength;
  if (!isFromInitiator) return startsWith(data, start, length, responsePrefix);
  return methodPrefixes.some((prefix) => startsWith(data, start, length, prefix));
}

function startsWith(data: Buffer, start: number, length: number, prefix: Buffer): boolean {
  if (length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index += 1) {
    if (data[start + index] !== prefix[index]) return false;
  }
  return true;
}
