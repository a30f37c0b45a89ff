import { Readable } from 'node:stream';
import type { CaptureReadSummary } from '../../src/capture/capture-reader.js';
import { openCapture } from '../../src/capture/open-capture.js';

export interface ReadPacket {
  bytes: Buffer;
  originalLength: number;
  timestampSeconds: number;
  timestampNanoseconds: number;
  linkType: number;
  interfaceId: number;
  packetNumber: number;
  fileOffset: number;
}

/** Reads a capture held in memory as if from standard input, optionally cut into small chunks. */
export async function readCaptureBytes(
  capture: Buffer,
  chunkBytes = capture.length,
): Promise<{ packets: ReadPacket[]; summary: CaptureReadSummary }> {
  const chunks: Buffer[] = [];
  for (let start = 0; start < capture.length; start += Math.max(1, chunkBytes)) {
    chunks.push(capture.subarray(start, start + Math.max(1, chunkBytes)));
  }
  const opened = await openCapture('-', { stdin: Readable.from(chunks) });
  const packets: ReadPacket[] = [];
  const summary = await opened.reader.read((packet) => {
    packets.push({
      bytes: Buffer.from(packet.data.subarray(packet.offset, packet.offset + packet.capturedLength)),
      originalLength: packet.originalLength,
      timestampSeconds: packet.timestampSeconds,
      timestampNanoseconds: packet.timestampNanoseconds,
      linkType: packet.linkType,
      interfaceId: packet.interfaceId,
      packetNumber: packet.packetNumber,
      fileOffset: packet.fileOffset,
    });
  });
  await opened.close();
  return { packets, summary };
}
