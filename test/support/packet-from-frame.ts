import { CapturedPacket } from '../../src/capture/captured-packet.js';
import { LinkType } from '../../src/capture/link-type.js';

/** A captured packet around `frame`, as a reader would hand it on. */
export function packetFromFrame(
  frame: Buffer,
  options: { linkType?: number; timestampMs?: number; packetNumber?: number; originalLength?: number } = {},
): CapturedPacket {
  const packet = new CapturedPacket();
  // Place the frame at an offset inside a larger buffer, as the readers do.
  const data = Buffer.alloc(frame.length + 16);
  frame.copy(data, 16);
  packet.data = data;
  packet.offset = 16;
  packet.capturedLength = frame.length;
  packet.originalLength = options.originalLength ?? frame.length;
  packet.linkType = options.linkType ?? LinkType.ethernet;
  const timestampMs = options.timestampMs ?? 1_700_000_000_000;
  packet.timestampSeconds = Math.floor(timestampMs / 1000);
  packet.timestampNanoseconds = Math.round((timestampMs % 1000) * 1e6);
  packet.packetNumber = options.packetNumber ?? 1;
  return packet;
}
