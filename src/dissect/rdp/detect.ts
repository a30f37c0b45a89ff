import type { PacketView } from '../../decode/packet-view.js';
import { rdpPort, tpktVersion, X224Code } from './consts.js';

/**
 * RDP on any port: a TPKT header (version 3) carrying an X.224 connection request from the
 * client, or a connection confirm from a server on the RDP port (ISO-TSAP on 102, used by
 * industrial S7 controllers, also opens with TPKT and X.224, but not on 3389).
 */
export function isRdpStart(view: PacketView, isFromInitiator: boolean): boolean {
  if (view.payloadLength < 11) return false;
  const data = view.packet.data;
  const at = view.payloadOffset;
  if (data[at] !== tpktVersion || data[at + 1] !== 0) return false;
  const code = data[at + 5]! & 0xf0;
  if (isFromInitiator) return code === X224Code.connectionRequest && view.destinationPort !== 102;
  return code === X224Code.connectionConfirm && view.sourcePort === rdpPort;
}
