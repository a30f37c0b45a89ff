import { printableText } from '../../observe/printable-text.js';

/** Device-identifying elements read from a data set (PS3.3 C.7.5.1 General Equipment, C.7.3.1). */
export interface DatasetFacts {
  sopClass: string | undefined;
  modality: string | undefined;
  manufacturer: string | undefined;
  model: string | undefined;
  serialNumber: string | undefined;
  softwareVersions: string | undefined;
  stationName: string | undefined;
  institutionName: string | undefined;
  /** Names of patient-identifying elements present with a value. Their values are never read. */
  phiElements: string[];
}

/** Tags (group << 16 | element) of the identifying elements kept, and the fact each fills. */
const identityTags: ReadonlyMap<number, Exclude<keyof DatasetFacts, 'phiElements'>> = new Map([
  [0x0008_0016, 'sopClass'],
  [0x0008_0060, 'modality'],
  [0x0008_0070, 'manufacturer'],
  [0x0008_0080, 'institutionName'],
  [0x0008_1010, 'stationName'],
  [0x0008_1090, 'model'],
  [0x0018_1000, 'serialNumber'],
  [0x0018_1020, 'softwareVersions'],
]);

/**
 * Elements that identify a patient (PS3.15 Annex E, Basic Application Level Confidentiality
 * Profile, the attributes it removes). Only their presence is recorded.
 */
export const phiTags: ReadonlyMap<number, string> = new Map([
  [0x0008_0050, 'AccessionNumber'],
  [0x0008_0090, 'ReferringPhysicianName'],
  [0x0010_0010, 'PatientName'],
  [0x0010_0020, 'PatientID'],
  [0x0010_0030, 'PatientBirthDate'],
  [0x0010_0032, 'PatientBirthTime'],
  [0x0010_1000, 'OtherPatientIDs'],
  [0x0010_1001, 'OtherPatientNames'],
  [0x0010_1005, 'PatientBirthName'],
  [0x0010_1010, 'PatientAge'],
  [0x0010_1040, 'PatientAddress'],
  [0x0010_1060, 'PatientMotherBirthName'],
  [0x0010_2154, 'PatientTelephoneNumbers'],
  [0x0038_0010, 'AdmissionID'],
]);

/** Past this group neither kind of element occurs; elements are in ascending tag order (PS3.5 §7.1). */
const lastGroupRead = 0x0038;
/** VRs with a 32-bit length after two reserved bytes in explicit VR (PS3.5 §7.1.2). */
const longVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const undefinedLength = 0xffff_ffff;
const maxNesting = 8;

/**
 * Reads identifying elements and the presence of patient elements from the start of a data set
 * in little-endian implicit or explicit VR (PS3.5 §7.1). Stops at the end of what was captured,
 * at the first malformed element, or past the last group of interest. Sequences are skipped.
 */
export function readDatasetFacts(
  data: Buffer,
  start: number,
  end: number,
  isExplicitVr: boolean,
): DatasetFacts {
  const facts: DatasetFacts = {
    sopClass: undefined,
    modality: undefined,
    manufacturer: undefined,
    model: undefined,
    serialNumber: undefined,
    softwareVersions: undefined,
    stationName: undefined,
    institutionName: undefined,
    phiElements: [],
  };
  let at = start;
  while (at + 8 <= end) {
    const header = readElementHeader(data, at, end, isExplicitVr);
    if (header === undefined || header.group > lastGroupRead) break;
    const tag = header.group * 0x10000 + header.element;
    if (header.length === undefinedLength) {
      const next = skipUndefinedLength(data, header.valueStart, end, isExplicitVr, 0);
      if (next < 0) break;
      at = next;
      continue;
    }
    const valueEnd = header.valueStart + header.length;
    const identity = identityTags.get(tag);
    if (identity !== undefined && valueEnd <= end)
      facts[identity] = textValue(data, header.valueStart, valueEnd);
    const phiName = phiTags.get(tag);
    if (phiName !== undefined && valueEnd <= end && hasContent(data, header.valueStart, valueEnd))
      facts.phiElements.push(phiName);
    at = valueEnd;
  }
  return facts;
}

interface ElementHeader {
  group: number;
  element: number;
  length: number;
  valueStart: number;
}

function readElementHeader(
  data: Buffer,
  at: number,
  end: number,
  isExplicitVr: boolean,
): ElementHeader | undefined {
  const group = data.readUInt16LE(at);
  const element = data.readUInt16LE(at + 2);
  // Item and delimitation tags have no VR, in either encoding (PS3.5 §7.5).
  if (!isExplicitVr || group === 0xfffe)
    return { group, element, length: data.readUInt32LE(at + 4), valueStart: at + 8 };
  const vr = data.toString('latin1', at + 4, at + 6);
  if (!/^[A-Z]{2}$/.test(vr)) return undefined;
  if (longVrs.has(vr)) {
    if (at + 12 > end) return undefined;
    return { group, element, length: data.readUInt32LE(at + 8), valueStart: at + 12 };
  }
  return { group, element, length: data.readUInt16LE(at + 6), valueStart: at + 8 };
}

/**
 * Skips a sequence (or encapsulated pixel data) of undefined length: items up to the sequence
 * delimitation item (FFFE,E0DD), items of undefined length up to (FFFE,E00D). Returns the
 * position after it, or -1 when it does not end within the bytes captured.
 */
function skipUndefinedLength(
  data: Buffer,
  start: number,
  end: number,
  isExplicitVr: boolean,
  depth: number,
): number {
  if (depth > maxNesting) return -1;
  let at = start;
  while (at + 8 <= end) {
    const header = readElementHeader(data, at, end, isExplicitVr);
    if (header === undefined) return -1;
    if (header.group === 0xfffe && (header.element === 0xe0dd || header.element === 0xe00d))
      return header.valueStart;
    if (header.length === undefinedLength) {
      // An item of undefined length holds elements; a nested sequence is skipped the same way.
      at = skipUndefinedLength(data, header.valueStart, end, isExplicitVr, depth + 1);
      if (at < 0) return -1;
    } else {
      at = header.valueStart + header.length;
    }
  }
  return -1;
}

function textValue(data: Buffer, start: number, end: number): string | undefined {
  const text = data
    .toString('latin1', start, end)
    .replace(/[\0 ]+$/, '')
    .trim();
  return text === '' ? undefined : printableText(text, 64);
}

/** A value other than padding or a query's universal match (`*`, `?`): it names someone. */
function hasContent(data: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at += 1) {
    const byte = data[at]!;
    if (byte !== 0x20 && byte !== 0x00 && byte !== 0x2a && byte !== 0x3f && byte !== 0x5e) return true;
  }
  return false;
}
