import type { PacketView } from '../../decode/packet-view.js';
import { TelnetByte, telnetPorts } from './consts.js';

/**
 * Telnet on any port: either side opening with option negotiation (`IAC WILL|WONT|DO|DONT`,
 * RFC 854), which nearly every telnet server and client does first; or a server on a telnet port.
 */
export function isTelnetStart(view: PacketView, isFromInitiator: boolean): boolean {
  const data = view.packet.data;
  const at = view.payloadOffset;
  if (view.payloadLength >= 3 && data[at] === TelnetByte.iac) {
    const command = data[at + 1]!;
    return command >= TelnetByte.will && command <= TelnetByte.dont && data[at + 2]! < 50;
  }
  return !isFromInitiator && view.payloadLength > 0 && telnetPorts.includes(view.sourcePort);
}
