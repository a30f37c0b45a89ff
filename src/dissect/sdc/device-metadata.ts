import { SaxesParser } from 'saxes';
import { printableText } from '../../observe/printable-text.js';

/**
 * What a DPWS device says of itself in answer to a WS-Transfer Get (DPWS 1.1 §5.1, and the
 * 2006/02 devprof draft Windows and wsdd speak): ThisModel and ThisDevice, and the computer name
 * a Windows-style host relationship carries.
 */
export interface DeviceMetadata {
  manufacturer: string | undefined;
  modelName: string | undefined;
  modelNumber: string | undefined;
  friendlyName: string | undefined;
  firmwareVersion: string | undefined;
  serialNumber: string | undefined;
  /** pnpx:DeviceCategory, e.g. `Computers`, `Printers`. */
  deviceCategory: string | undefined;
  /** pub:Computer without its workgroup or domain (`INFUSION-GW/Workgroup:ICU` → `INFUSION-GW`). */
  computerName: string | undefined;
}

/** The elements read, by local name: both DPWS namespaces use the same names. */
const fields: Readonly<Record<string, keyof DeviceMetadata>> = {
  Manufacturer: 'manufacturer',
  ModelName: 'modelName',
  ModelNumber: 'modelNumber',
  FriendlyName: 'friendlyName',
  FirmwareVersion: 'firmwareVersion',
  SerialNumber: 'serialNumber',
  DeviceCategory: 'deviceCategory',
  Computer: 'computerName',
};

/**
 * Reads the metadata of a GetResponse envelope with a namespace-aware XML parser (no DTDs, no
 * entity expansion beyond XML's own). The first value of each element counts (DPWS allows one
 * per language). Undefined when it is not well-formed XML or not a GetResponse with ThisModel or
 * ThisDevice.
 */
export function readDeviceMetadata(xml: string): DeviceMetadata | undefined {
  const metadata: DeviceMetadata = {
    manufacturer: undefined,
    modelName: undefined,
    modelNumber: undefined,
    friendlyName: undefined,
    firmwareVersion: undefined,
    serialNumber: undefined,
    deviceCategory: undefined,
    computerName: undefined,
  };
  let action = '';
  let hasDeviceSection = false;
  let text = '';
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    if (tag.local === 'ThisModel' || tag.local === 'ThisDevice') hasDeviceSection = true;
    text = '';
  });
  parser.on('text', (chunk) => {
    if (text.length < 1024) text += chunk;
  });
  parser.on('closetag', (tag) => {
    const value = printableText(text.trim(), 128);
    text = '';
    if (tag.local === 'Action') action ||= value;
    const field = fields[tag.local];
    if (field === undefined || value === '' || metadata[field] !== undefined) return;
    metadata[field] = field === 'computerName' ? value.split('/', 1)[0] : value;
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  return action.endsWith('/GetResponse') && hasDeviceSection ? metadata : undefined;
}
