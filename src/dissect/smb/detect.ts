import type { PacketView } from '../../decode/packet-view.js';
import { NetbiosSessionType } from './consts.js';

/** SMB over NetBIOS (RFC 1001) listens on 139; direct SMB over TCP on 445 ([MS-SMB2] §2.1). */
const sessionServicePort = 139;

/**
 * SMB on any port: a NetBIOS session message whose payload starts with an SMB1 (`\xffSMB`),
 * SMB2/3 (`\xfeSMB`) or encrypted SMB3 (`\xfdSMB`) signature, or a NetBIOS session request to
 * port 139, which precedes SMB there.
 */
export function isSmbStart(view: PacketView, isFromInitiator: boolean): boolean {
  const data = view.packet.data;
  const at = view.payloadOffset;
  if (view.payloadLength >= 4 && isFromInitiator && data[at] === NetbiosSessionType.sessionRequest)
    return view.destinationPort === sessionServicePort;
  if (view.payloadLength < 8 || data[at] !== NetbiosSessionType.sessionMessage) return false;
  const marker = data[at + 4]!;
  return (
    (marker === 0xff || marker === 0xfe || marker === 0xfd) &&
    data[at + 5] === 0x53 &&
    data[at + 6] === 0x4d &&
    data[at + 7] === 0x42
  );
}
