import type { Evidence, NetworkEndpoint, ObservationBase } from '../../observe/observation.js';
import type { PoctDevice } from './message.js';

/**
 * One POCT1-A message between a point-of-care device (glucose meter, blood gas analyser) and its
 * data manager: its type, control id, the device's identity from a hello, and which patient
 * elements it carried, by name.
 */
export interface PoctMessageObservation extends ObservationBase {
  kind: 'poct1a.message';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromInitiator: boolean;
  /** e.g. `HEL.R01` (hello), `DST.R01` (device status), `OBS.R01` (observations). */
  messageType: string;
  controlId: string | undefined;
  device: PoctDevice;
  phiElements: string[];
}

/** A connection's totals when it ends: messages, and how many identified patients. */
export interface PoctSummaryObservation extends ObservationBase {
  kind: 'poct1a.summary';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  messages: number;
  messagesWithPhi: number;
  phiElements: string[];
  firstPhiEvidence: Evidence | undefined;
}
