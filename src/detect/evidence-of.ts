import type { Evidence } from '../observe/observation.js';
import type { DetectionEvidence } from './detection.js';

/** A detection's evidence: the packet, when it was captured (`atMs`), and what it shows. */
export function detectionEvidence(evidence: Evidence, atMs: number, note: string): DetectionEvidence {
  return {
    capture: evidence.capture,
    packetNumber: evidence.packetNumber,
    fileOffset: evidence.fileOffset,
    seen: new Date(atMs).toISOString(),
    note,
  };
}
