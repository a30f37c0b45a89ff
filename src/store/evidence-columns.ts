import type { Evidence } from '../observe/observation.js';

/** How every table that keeps evidence stores it. */
export interface EvidenceColumns {
  evidence_capture: string;
  evidence_packet: number;
  evidence_offset: number;
}

export function evidenceColumns(evidence: Evidence): EvidenceColumns {
  return {
    evidence_capture: evidence.capture,
    evidence_packet: evidence.packetNumber,
    evidence_offset: evidence.fileOffset,
  };
}

export function evidenceFromColumns(row: EvidenceColumns): Evidence {
  return {
    capture: row.evidence_capture,
    packetNumber: row.evidence_packet,
    fileOffset: row.evidence_offset,
  };
}
