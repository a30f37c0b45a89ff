import type { ObservationKind } from '../observe/observation.js';

/** The clinical protocols whose crossings the zone detectors judge, by the observation that shows one. */
export const clinicalProtocolOf: Partial<Record<ObservationKind, string>> = {
  'dicom.association': 'DICOM',
  'hl7.message': 'HL7',
  'fhir.exchange': 'FHIR',
  'poct1a.message': 'POCT1-A',
};

/** The observation kinds those detectors read. */
export const clinicalProtocolKinds = Object.keys(clinicalProtocolOf) as ObservationKind[];
