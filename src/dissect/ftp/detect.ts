import type { PacketView } from '../../decode/packet-view.js';

/** The control port of RFC 959 and the unprivileged one servers commonly use instead. */
const ftpPorts = [21, 2121];
const userCommand = Buffer.from('USER ');
const greeting = Buffer.from('220');

/**
 * FTP control connections: a `USER` command from the client on any port, or a 220 greeting from
 * a server on an FTP port (SMTP greets with 220 too, so a greeting alone elsewhere is not enough).
 */
export function isFtpStart(view: PacketView, isFromInitiator: boolean): boolean {
  const data = view.packet.data;
  const at = view.payloadOffset;
  if (isFromInitiator) return startsWith(data, at, view.payloadLength, userCommand, true);
  return ftpPorts.includes(view.sourcePort) && startsWith(data, at, view.payloadLength, greeting, false);
}

function startsWith(
  data: Buffer,
  at: number,
  length: number,
  prefix: Buffer,
  isCaseInsensitive: boolean,
): boolean {
  if (length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index += 1) {
    const byte = isCaseInsensitive ? data[at + index]! & 0xdf : data[at + index];
    if (byte !== (isCaseInsensitive ? prefix[index]! & 0xdf : prefix[index])) return false;
  }
  return true;
}
