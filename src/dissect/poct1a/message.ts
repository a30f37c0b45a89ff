import { SaxesParser } from 'saxes';
import { printableText } from '../../observe/printable-text.js';
import { deviceElements, phiSegmentPrefixes } from './consts.js';

/** What a POCT1-A message says about the device that sent it. */
export interface PoctDevice {
  deviceId: string | undefined;
  vendorId: string | undefined;
  modelId: string | undefined;
  serialNumber: string | undefined;
  manufacturer: string | undefined;
  hardwareVersion: string | undefined;
  softwareVersion: string | undefined;
  deviceName: string | undefined;
}

export interface PoctMessage {
  messageType: string;
  controlId: string | undefined;
  device: PoctDevice;
  /** Patient-identifying elements with a value (names such as `PT.patient_id`); values are never read into it. */
  phiElements: string[];
}

/**
 * Reads one POCT1-A XML document. Values sit in `V` attributes (`<DEV.serial_id V="…"/>`); only
 * the header control id and the device elements are kept. Undefined when the XML is not
 * well-formed or its root is not the expected message type.
 */
export function readPoctMessage(xml: string, messageType: string): PoctMessage | undefined {
  const device: Record<string, string | undefined> = {};
  const phi = new Set<string>();
  let controlId: string | undefined;
  let root: string | undefined;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    root ??= tag.name;
    const value = tag.attributes.V;
    const hasValue = typeof value === 'string' && value.trim() !== '';
    if (phiSegmentPrefixes.some((prefix) => tag.name.startsWith(prefix)) && hasValue) phi.add(tag.name);
    if (!hasValue) return;
    if (tag.name === 'HDR.control_id') controlId = printableText(value.trim(), 64);
    const field = deviceElements[tag.name];
    if (field !== undefined) device[field] = printableText(value.trim(), 128);
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  if (root !== messageType) return undefined;
  return {
    messageType,
    controlId,
    device: device as unknown as PoctDevice,
    phiElements: [...phi].sort(),
  };
}
