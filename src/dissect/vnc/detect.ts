import type { PacketView } from '../../decode/packet-view.js';

/** The RFB ProtocolVersion message (RFC 6143 §7.1.1): `RFB xxx.yyy\n`, 12 bytes. */
export function isRfbVersion(data: Buffer, at: number, length: number): boolean {
  if (length < 12) return false;
  return (
    data[at] === 0x52 &&
    data[at + 1] === 0x46 &&
    data[at + 2] === 0x42 &&
    data[at + 3] === 0x20 &&
    data[at + 7] === 0x2e &&
    data[at + 11] === 0x0a
  );
}

/** VNC on any port: the server speaks first, with its RFB protocol version. */
export function isVncStart(view: PacketView, isFromInitiator: boolean): boolean {
  return !isFromInitiator && isRfbVersion(view.packet.data, view.payloadOffset, view.payloadLength);
}
