import type { PacketView } from '../../decode/packet-view.js';
import { dicomPorts, PduType } from './consts.js';

/**
 * DICOM on any port: an A-ASSOCIATE-RQ from the initiator (PDU type 1, protocol version 1,
 * printable called and calling AE titles, PS3.8 §9.3.2), which no other protocol opens with;
 * or an association answer from a server on a DICOM port.
 */
export function isDicomStart(view: PacketView, isFromInitiator: boolean): boolean {
  const data = view.packet.data;
  const at = view.payloadOffset;
  if (!isFromInitiator)
    return (
      view.payloadLength >= 6 &&
      dicomPorts.includes(view.sourcePort) &&
      (data[at] === PduType.associateAccept || data[at] === PduType.associateReject) &&
      data[at + 1] === 0
    );
  if (view.payloadLength < 42 || data[at] !== PduType.associateRequest || data[at + 1] !== 0) return false;
  if (data[at + 6] !== 0 || data[at + 7] !== 1) return false;
  for (let index = at + 10; index < at + 42; index += 1) {
    const byte = data[index]!;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}
