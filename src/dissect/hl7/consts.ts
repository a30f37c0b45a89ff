/** MLLP framing bytes (HL7 v2 Implementation Guide, Appendix C: Minimal Lower Layer Protocol). */
export const startBlock = 0x0b;
export const endBlock = 0x1c;
export const carriageReturn = 0x0d;

/** The port IANA lists for HL7 over MLLP; interface engines use many others. */
export const hl7Port = 2575;
/** Longest message buffered; longer ones (embedded PDFs, images) are passed over to their end. */
export const maxMessageBytes = 1024 * 1024;
/** Segments listed per message in an observation. */
export const maxSegmentsListed = 64;

/**
 * Segments that carry patient identity or that of their relatives, guarantors and insurers
 * (HL7 v2.5 chapters 3 and 6: PID, PD1, NK1, PV1, PV2, MRG, GT1, IN1–IN3, ACC, DG1, OBX values
 * excepted). Their presence is recorded; their fields never are.
 */
export const phiSegments = new Set([
  'PID',
  'PD1',
  'NK1',
  'PV1',
  'PV2',
  'MRG',
  'GT1',
  'IN1',
  'IN2',
  'IN3',
  'ACC',
  'DG1',
]);
