import type { PacketView } from '../../decode/packet-view.js';
import { TlsContentType, TlsHandshakeType } from './consts.js';

/**
 * A TLS handshake record on any port (RFC 8446 §5.1): content type 22, version 3.x, and a
 * ClientHello from the initiator or a ServerHello from the responder as its first message.
 */
export function isTlsStart(view: PacketView, isFromInitiator: boolean): boolean {
  if (view.payloadLength < 6) return false;
  const data = view.packet.data;
  const at = view.payloadOffset;
  return (
    data[at] === TlsContentType.handshake &&
    data[at + 1] === 3 &&
    data[at + 2]! <= 4 &&
    data[at + 5] === (isFromInitiator ? TlsHandshakeType.clientHello : TlsHandshakeType.serverHello)
  );
}
