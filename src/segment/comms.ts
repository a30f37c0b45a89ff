/**
 * A device's communication profile, the contract `vigil comms`, the API and the console share
 * (the console imports this file for its types, so it imports nothing itself).
 */

/** One service between the device and one peer, in one direction. */
export interface ServiceUse {
  /** `out`: the subject opened it on the peer; `in`: the peer opened it on the subject; `within`: between two of a group's devices. */
  direction: 'out' | 'in' | 'within';
  peer: { address: string; deviceId: string | null; name: string | null };
  protocol: string;
  port: number;
  /** The subject's own addresses that took part: one for a device, how many of a group's members used it. */
  memberAddresses: string[];
  flows: number;
  packets: number;
  bytes: number;
  firstSeen: string;
  lastSeen: string;
}

/** What a device talks to, over what, how much and since when: the ground a segmentation policy is learned on. */
export interface CommsProfile {
  /** A device id, or `type:<type>` for the devices of one type. */
  subject: string;
  name: string;
  /** Devices it covers: 1 for a device. */
  devices: number;
  addresses: string[];
  totals: { peers: number; flows: number; packets: number; bytes: number };
  firstSeen: string | null;
  lastSeen: string | null;
  /** Each service per peer and direction, busiest first. */
  services: ServiceUse[];
  /** The application operations its baseline learned: DICOM commands and SOP classes, HL7 message types, FHIR interactions, protocols with its side, TLS names. */
  operations: Record<string, string[]>;
}

/** What each operation category of a profile is called, for `vigil comms` and the console alike. */
export const operationLabels: Readonly<Record<string, string>> = {
  protocols: 'protocols (its side)',
  dicomOperations: 'DICOM operations',
  dicomStoreDestinations: 'DICOM C-STORE destinations',
  dicomQueryCallers: 'DICOM query callers',
  hl7MessageTypes: 'HL7 message types received',
  hl7Senders: 'HL7 senders',
  fhirInteractions: 'FHIR interactions served',
  tlsNames: 'TLS server names asked for',
};
