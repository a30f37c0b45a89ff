import type { Evidence, NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/**
 * One HL7 v2 message over MLLP: who sent it to whom (applications and facilities), what it is
 * (type, trigger, version, control id, acknowledgement code) and which segments it had. Segments
 * that identify patients are listed by id; no field of theirs is read.
 */
export interface Hl7MessageObservation extends ObservationBase {
  kind: 'hl7.message';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromInitiator: boolean;
  sendingApplication: string | undefined;
  sendingFacility: string | undefined;
  receivingApplication: string | undefined;
  receivingFacility: string | undefined;
  messageType: string | undefined;
  messageCode: string | undefined;
  triggerEvent: string | undefined;
  controlId: string | undefined;
  version: string | undefined;
  acknowledgementCode: string | undefined;
  segments: string[];
  phiSegments: string[];
}

/** A connection's totals when it ends: messages, and how many identified patients. */
export interface Hl7SummaryObservation extends ObservationBase {
  kind: 'hl7.summary';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  messages: number;
  messagesWithPhi: number;
  phiSegments: string[];
  firstPhiEvidence: Evidence | undefined;
}
