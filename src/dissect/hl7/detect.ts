import type { PacketView } from '../../decode/packet-view.js';
import { startBlock } from './consts.js';

/** HL7 v2 over MLLP on any port: a start-of-block byte followed by an MSH segment, from either side. */
export function isHl7Start(view: PacketView): boolean {
  if (view.payloadLength < 4) return false;
  const data = view.packet.data;
  const at = view.payloadOffset;
  return data[at] === startBlock && data[at + 1] === 0x4d && data[at + 2] === 0x53 && data[at + 3] === 0x48;
}
