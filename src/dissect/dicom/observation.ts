import type { Evidence, NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A presentation context as the association settled it. */
export interface DicomPresentationContext {
  abstractSyntax: string;
  /** The SOP class's name (PS3.6 Annex A) when Vigil knows it. */
  abstractSyntaxName: string | undefined;
  proposedTransferSyntaxes: string[];
  /** The transfer syntax the acceptor chose; undefined when it refused the context. */
  acceptedTransferSyntax: string | undefined;
}

/**
 * A DICOM association (PS3.8 §7.1): who called whom by AE title, what was proposed and accepted,
 * and each side's implementation. Reported when the acceptor answers.
 */
export interface DicomAssociationObservation extends ObservationBase {
  kind: 'dicom.association';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  callingAeTitle: string;
  calledAeTitle: string;
  isAccepted: boolean;
  /** A-ASSOCIATE-RJ result, source and reason (PS3.8 §9.3.4), as `result/source/reason`. */
  rejection: string | undefined;
  applicationContext: string | undefined;
  presentationContexts: DicomPresentationContext[];
  requestorMaxPduLength: number | undefined;
  requestorImplementationClassUid: string | undefined;
  requestorImplementationVersionName: string | undefined;
  acceptorImplementationClassUid: string | undefined;
  acceptorImplementationVersionName: string | undefined;
  /** The kind of user identity the requestor offered (1 user name … 5 JWT); the identity itself is not kept. */
  userIdentityType: number | undefined;
}

/** A DIMSE command of a kind not yet seen on this association and side (PS3.7). */
export interface DicomCommandObservation extends ObservationBase {
  kind: 'dicom.command';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromInitiator: boolean;
  command: string;
  sopClass: string | undefined;
  sopClassName: string | undefined;
  status: number | undefined;
}

/**
 * What a data set says of the equipment that made it (General Equipment module) and which
 * patient-identifying elements it carried: names only, never values. Reported once per distinct
 * content per side of an association.
 */
export interface DicomDatasetObservation extends ObservationBase {
  kind: 'dicom.dataset';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromInitiator: boolean;
  /** The DIMSE command it came with (`C-STORE-RQ`, `C-FIND-RSP`, …). */
  command: string;
  sopClass: string | undefined;
  modality: string | undefined;
  manufacturer: string | undefined;
  model: string | undefined;
  serialNumber: string | undefined;
  softwareVersions: string | undefined;
  stationName: string | undefined;
  institutionName: string | undefined;
  phiElements: string[];
}

/** An association's totals, when its connection ends: how much crossed, and how much of it identified patients. */
export interface DicomSummaryObservation extends ObservationBase {
  kind: 'dicom.summary';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  commandCounts: Record<string, number>;
  datasets: number;
  datasetsWithPhi: number;
  /** Every patient-identifying element seen, by name. */
  phiElements: string[];
  /** Where patient data was first seen, when it was. */
  firstPhiEvidence: Evidence | undefined;
}
