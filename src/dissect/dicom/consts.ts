/** DICOM's registered port and the one dcmtk and many archives use instead (PS3.8 §9.1.1). */
export const dicomPorts = [104, 11112];

/** Upper-layer PDU types (PS3.8 §9.3). */
export const PduType = {
  associateRequest: 0x01,
  associateAccept: 0x02,
  associateReject: 0x03,
  dataTransfer: 0x04,
  releaseRequest: 0x05,
  releaseResponse: 0x06,
  abort: 0x07,
} as const;

/** Items inside association PDUs (PS3.8 §9.3.2–9.3.3, Annex D). */
export const ItemType = {
  applicationContext: 0x10,
  presentationContextRequest: 0x20,
  presentationContextAccept: 0x21,
  abstractSyntax: 0x30,
  transferSyntax: 0x40,
  userInformation: 0x50,
  maximumLength: 0x51,
  implementationClassUid: 0x52,
  implementationVersionName: 0x55,
  userIdentityRequest: 0x58,
} as const;

/** PDU header: type, reserved, 32-bit length. */
export const pduHeaderBytes = 6;
/**
 * Association PDUs are a few kilobytes; P-DATA-TF PDUs follow the negotiated maximum (16 KiB in
 * dcmtk, up to a megabyte in some modalities). Larger PDUs are passed over, not buffered.
 */
export const maxPduBytes = 1024 * 1024;
/** Data-set bytes read per message: the identifying and patient elements sit in the first groups. */
export const maxDatasetPrefixBytes = 64 * 1024;
/** Presentation contexts kept per association (PS3.8 allows 128: odd ids 1–255). */
export const maxPresentationContexts = 128;

/** Transfer syntaxes whose data sets Vigil reads (PS3.5 §10, Annex A). */
export const TransferSyntax = {
  implicitLittleEndian: '1.2.840.10008.1.2',
  explicitLittleEndian: '1.2.840.10008.1.2.1',
} as const;

/** DIMSE command fields (PS3.7 §9.3, §10.3, E.1). */
export const dimseCommandNames: Readonly<Record<number, string>> = {
  1: 'C-STORE-RQ',
  32769: 'C-STORE-RSP',
  16: 'C-GET-RQ',
  32784: 'C-GET-RSP',
  32: 'C-FIND-RQ',
  32800: 'C-FIND-RSP',
  33: 'C-MOVE-RQ',
  32801: 'C-MOVE-RSP',
  48: 'C-ECHO-RQ',
  32816: 'C-ECHO-RSP',
  256: 'N-EVENT-REPORT-RQ',
  33024: 'N-EVENT-REPORT-RSP',
  272: 'N-GET-RQ',
  33040: 'N-GET-RSP',
  288: 'N-SET-RQ',
  33056: 'N-SET-RSP',
  304: 'N-ACTION-RQ',
  33072: 'N-ACTION-RSP',
  320: 'N-CREATE-RQ',
  33088: 'N-CREATE-RSP',
  336: 'N-DELETE-RQ',
  33104: 'N-DELETE-RSP',
  4095: 'C-CANCEL-RQ',
};

/**
 * SOP classes by UID (PS3.4 Annex B, C, K, F; PS3.6 Annex A), with the modality a storage
 * class implies. The classes listed are those clinical networks carry most; others keep their UID.
 */
export const sopClasses: Readonly<Record<string, { name: string; modality?: string }>> = {
  '1.2.840.10008.1.1': { name: 'Verification' },
  '1.2.840.10008.5.1.4.1.1.1': { name: 'Computed Radiography Image Storage', modality: 'CR' },
  '1.2.840.10008.5.1.4.1.1.1.1': { name: 'Digital X-Ray Image Storage - For Presentation', modality: 'DX' },
  '1.2.840.10008.5.1.4.1.1.1.2': {
    name: 'Digital Mammography X-Ray Image Storage - For Presentation',
    modality: 'MG',
  },
  '1.2.840.10008.5.1.4.1.1.2': { name: 'CT Image Storage', modality: 'CT' },
  '1.2.840.10008.5.1.4.1.1.2.1': { name: 'Enhanced CT Image Storage', modality: 'CT' },
  '1.2.840.10008.5.1.4.1.1.3.1': { name: 'Ultrasound Multi-frame Image Storage', modality: 'US' },
  '1.2.840.10008.5.1.4.1.1.4': { name: 'MR Image Storage', modality: 'MR' },
  '1.2.840.10008.5.1.4.1.1.4.1': { name: 'Enhanced MR Image Storage', modality: 'MR' },
  '1.2.840.10008.5.1.4.1.1.6.1': { name: 'Ultrasound Image Storage', modality: 'US' },
  '1.2.840.10008.5.1.4.1.1.7': { name: 'Secondary Capture Image Storage', modality: 'OT' },
  '1.2.840.10008.5.1.4.1.1.12.1': { name: 'X-Ray Angiographic Image Storage', modality: 'XA' },
  '1.2.840.10008.5.1.4.1.1.12.2': { name: 'X-Ray Radiofluoroscopic Image Storage', modality: 'RF' },
  '1.2.840.10008.5.1.4.1.1.20': { name: 'Nuclear Medicine Image Storage', modality: 'NM' },
  '1.2.840.10008.5.1.4.1.1.128': { name: 'Positron Emission Tomography Image Storage', modality: 'PT' },
  '1.2.840.10008.5.1.4.1.1.481.1': { name: 'RT Image Storage', modality: 'RTIMAGE' },
  '1.2.840.10008.5.1.4.1.1.88.11': { name: 'Basic Text SR Storage', modality: 'SR' },
  '1.2.840.10008.5.1.4.1.1.88.22': { name: 'Enhanced SR Storage', modality: 'SR' },
  '1.2.840.10008.5.1.4.1.1.104.1': { name: 'Encapsulated PDF Storage', modality: 'DOC' },
  '1.2.840.10008.5.1.4.1.2.1.1': { name: 'Patient Root Query/Retrieve Information Model - FIND' },
  '1.2.840.10008.5.1.4.1.2.1.2': { name: 'Patient Root Query/Retrieve Information Model - MOVE' },
  '1.2.840.10008.5.1.4.1.2.2.1': { name: 'Study Root Query/Retrieve Information Model - FIND' },
  '1.2.840.10008.5.1.4.1.2.2.2': { name: 'Study Root Query/Retrieve Information Model - MOVE' },
  '1.2.840.10008.5.1.4.1.2.2.3': { name: 'Study Root Query/Retrieve Information Model - GET' },
  '1.2.840.10008.5.1.4.31': { name: 'Modality Worklist Information Model - FIND' },
  '1.2.840.10008.3.1.2.3.3': { name: 'Modality Performed Procedure Step' },
  '1.2.840.10008.1.20.1': { name: 'Storage Commitment Push Model' },
};

/** Storage SOP classes share this prefix (PS3.4 Annex B.5). */
export const storageSopClassPrefix = '1.2.840.10008.5.1.4.1.1.';
