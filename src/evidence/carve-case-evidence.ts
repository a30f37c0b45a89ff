import { createHash } from 'node:crypto';
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { PcapngWriter } from '../capture/pcapng-writer.js';
import { DecodeCounters } from '../decode/decode-counters.js';
import { PacketView } from '../decode/packet-view.js';
import { type CarveQuery, isCarved, openEvidenceSource } from './carve-packets.js';

export interface CaseEvidenceReport {
  /** SHA-256 of the written file, hex. */
  sha256: string;
  bytes: number;
  /** Packets written. */
  packets: number;
  /** Each capture read, with the packets taken from it. */
  sources: { path: string; packets: number }[];
  /** Captures that are gone or are not captures: their packets are missing from the export. */
  unreadable: string[];
}

/**
 * Writes the packets of `captures` that match `query` to one pcapng (mode 600: packets may carry
 * patient data) whose section comment names the case, with nanosecond timestamps and one
 * interface per link type met, and returns its SHA-256 as written, for the chain of custody.
 *
 * @example
 * await carveCaseEvidence(['ward4.pcapng'], { hosts: ['10.20.4.17'], fromMs, toMs }, 'case-3.pcapng', 'Vigil case case-3 …');
 */
export async function carveCaseEvidence(
  captures: readonly string[],
  query: CarveQuery,
  outPath: string,
  comment: string,
): Promise<CaseEvidenceReport> {
  const hosts = new Set(query.hosts);
  const view = new PacketView();
  const counters = new DecodeCounters();
  const hash = createHash('sha256');
  const report: CaseEvidenceReport = { sha256: '', bytes: 0, packets: 0, sources: [], unreadable: [] };
  const writer = new PcapngWriter();
  const interfaceOfLinkType = new Map<number, number>();
  const out = openSync(outPath, 'w', 0o600);
  fchmodSync(out, 0o600);
  const write = (bytes: Buffer) => {
    writeSync(out, bytes);
    hash.update(bytes);
    report.bytes += bytes.length;
  };
  try {
    write(writer.sectionHeader(comment));
    for (const path of captures) {
      const capture = await openEvidenceSource(path);
      if (typeof capture === 'string') {
        report.unreadable.push(path);
        continue;
      }
      const source = { path, packets: 0 };
      try {
        await capture.reader.read((packet) => {
          if (!isCarved(packet, query, hosts, view, counters)) return;
          let interfaceId = interfaceOfLinkType.get(packet.linkType);
          if (interfaceId === undefined) {
            interfaceId = interfaceOfLinkType.size;
            interfaceOfLinkType.set(packet.linkType, interfaceId);
            write(writer.interfaceDescription({ linkType: packet.linkType, timestampResolution: 9 }));
          }
          const frame = packet.data.subarray(packet.offset, packet.offset + packet.capturedLength);
          write(
            writer.enhancedPacket(
              interfaceId,
              frame,
              packet.timestampSeconds,
              packet.timestampNanoseconds,
              packet.originalLength,
            ),
          );
          source.packets += 1;
        });
      } finally {
        await capture.close();
      }
      report.sources.push(source);
      report.packets += source.packets;
    }
  } finally {
    closeSync(out);
  }
  report.sha256 = hash.digest('hex');
  return report;
}
