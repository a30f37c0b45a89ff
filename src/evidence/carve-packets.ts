import { closeSync, existsSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnreadableCaptureError } from '../capture/capture-error.js';
import { CaptureRing } from '../capture/capture-ring.js';
import type { CapturedPacket } from '../capture/captured-packet.js';
import { openCapture } from '../capture/open-capture.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import { formatIpAddress } from '../decode/address-format.js';
import { DecodeCounters } from '../decode/decode-counters.js';
import { decodePacket } from '../decode/decode-packet.js';
import { NetworkLayer, PacketView } from '../decode/packet-view.js';

/** Which packets to carve: to or from any of `hosts` (all when empty), from `fromMs` (inclusive) to `toMs` (exclusive). */
export interface CarveQuery {
  hosts: readonly string[];
  fromMs?: number;
  toMs?: number;
}

export interface CarveReport {
  /** Ring files read. */
  files: number;
  /** Packets read from them. */
  packets: number;
  /** Packets written to the carved capture. */
  carved: number;
  /** Packets that matched but were captured on another link type than the first carved (a pcap holds one). */
  otherLinkType: number;
  /** Problems the capture reader counted in the ring files (a file cut short, a broken record). */
  unreadable: number;
  /** Files that are not captures at all (no pcap or pcapng header). */
  unreadableFiles: number;
  /** Files the index lists that are gone (the ring trimmed them while this ran, or someone removed them). */
  missing: number;
}

/** A capture evidence is carved from, opened; or why not: it is gone, or it is not a capture at all. */
export async function openEvidenceSource(
  path: string,
): Promise<Awaited<ReturnType<typeof openCapture>> | 'missing' | 'not-a-capture'> {
  if (!existsSync(path)) return 'missing';
  try {
    return await openCapture(path);
  } catch (error) {
    if (!(error instanceof UnreadableCaptureError)) throw error;
    return 'not-a-capture';
  }
}

/**
 * Whether a packet is within the query's window and, when hosts are given, to or from one of
 * them (`hosts` is the query's as a set; `view` and `counters` are reused between packets).
 */
export function isCarved(
  packet: CapturedPacket,
  query: Omit<CarveQuery, 'hosts'>,
  hosts: ReadonlySet<string>,
  view: PacketView,
  counters: DecodeCounters,
): boolean {
  const atMs = packet.timestampMs;
  if (query.fromMs !== undefined && atMs < query.fromMs) return false;
  if (query.toMs !== undefined && atMs >= query.toMs) return false;
  if (hosts.size === 0) return true;
  decodePacket(packet, view, counters);
  const version = view.networkLayer;
  if (version !== NetworkLayer.ipv4 && version !== NetworkLayer.ipv6) return false;
  return (
    hosts.has(formatIpAddress(version, view.sourceAddress)) ||
    hosts.has(formatIpAddress(version, view.destinationAddress))
  );
}

/**
 * Writes the packets of a sensor's capture ring that match `query` to a new pcap file (mode 600:
 * packets may carry patient data), oldest file first, with nanosecond timestamps: what an
 * incident responder hands to Wireshark or to the manufacturer. Reads only what the ring's index
 * lists, so a file rotated away is not looked for.
 *
 * @example
 * await carvePackets('/var/lib/vigil/ring', { hosts: ['10.20.4.17'], fromMs: Date.parse('2026-12-01T08:00Z') }, 'pump.pcap');
 */
export async function carvePackets(
  ringFolder: string,
  query: CarveQuery,
  outPath: string,
): Promise<CarveReport> {
  const entries = CaptureRing.entriesOf(ringFolder);
  const hosts = new Set(query.hosts);
  const view = new PacketView();
  const counters = new DecodeCounters();
  const report: CarveReport = {
    files: 0,
    packets: 0,
    carved: 0,
    otherLinkType: 0,
    unreadable: 0,
    unreadableFiles: 0,
    missing: 0,
  };
  const out = openSync(outPath, 'w', 0o600);
  // The mode is set when the file is made; a file that existed keeps its own unless told.
  fchmodSync(out, 0o600);
  let writer: PcapWriter | undefined;
  let linkType = -1;
  try {
    for (const entry of entries) {
      const capture = await openEvidenceSource(join(ringFolder, entry.file));
      if (capture === 'missing') {
        report.missing += 1;
        continue;
      }
      if (capture === 'not-a-capture') {
        // Overwritten or cut to nothing: counted, and the rest carved.
        report.unreadableFiles += 1;
        continue;
      }
      try {
        const summary = await capture.reader.read((packet) => {
          report.packets += 1;
          if (!isCarved(packet, query, hosts, view, counters)) return;
          if (writer === undefined) {
            linkType = packet.linkType;
            writer = new PcapWriter({ linkType, hasNanosecondTimestamps: true });
            writeSync(out, writer.header());
          }
          if (packet.linkType !== linkType) {
            report.otherLinkType += 1;
            return;
          }
          const frame = packet.data.subarray(packet.offset, packet.offset + packet.capturedLength);
          writeSync(
            out,
            writer.record(frame, packet.timestampSeconds, packet.timestampNanoseconds, packet.originalLength),
          );
          report.carved += 1;
        });
        report.unreadable += summary.errorCount;
      } finally {
        await capture.close();
      }
      report.files += 1;
    }
    // Nothing matched: still a valid, empty capture rather than an empty file.
    if (writer === undefined)
      writeSync(out, new PcapWriter({ linkType: 1, hasNanosecondTimestamps: true }).header());
  } finally {
    closeSync(out);
  }
  return report;
}
