import type { Evidence } from '../observe/observation.js';
import type { DetectionEvidence } from './detection.js';

export function detectionEvidence(evidence: Evidence, note: string): DetectionEvidence {
  return {
    capture: evidence.capture,
    packetNumber: evidence.packetNumber,
    fileOffset: evidence.fileOffset,
    note,
  };
}
