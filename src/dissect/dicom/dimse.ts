import { printableText } from '../../observe/printable-text.js';
import { dimseCommandNames } from './consts.js';

/** A DIMSE command set (PS3.7 §9.3, §10.3): always implicit VR little endian. */
export interface DimseCommand {
  commandField: number;
  /** e.g. `C-STORE-RQ`; unknown fields as hex. */
  command: string;
  /** Affected or requested SOP class UID. */
  sopClass: string | undefined;
  /** Responses only: 0x0000 success, 0xFF00/0xFF01 pending, others warnings and failures (PS3.7 Annex C). */
  status: number | undefined;
  /** CommandDataSetType other than 0x0101: a data set follows. */
  hasDataSet: boolean;
}

const maxElements = 64;

/** Reads a command set from `data[start, end)`; undefined when it is not one. */
export function readCommandSet(data: Buffer, start: number, end: number): DimseCommand | undefined {
  let commandField: number | undefined;
  let sopClass: string | undefined;
  let status: number | undefined;
  let dataSetType: number | undefined;
  let at = start;
  for (let count = 0; at + 8 <= end && count < maxElements; count += 1) {
    const group = data.readUInt16LE(at);
    const element = data.readUInt16LE(at + 2);
    const length = data.readUInt32LE(at + 4);
    const value = at + 8;
    if (group !== 0x0000 || value + length > end) return undefined;
    if ((element === 0x0002 || element === 0x0003) && sopClass === undefined)
      sopClass = printableText(
        data
          .toString('latin1', value, value + length)
          .replace(/\0+$/, '')
          .trim(),
        64,
      );
    else if (element === 0x0100 && length === 2) commandField = data.readUInt16LE(value);
    else if (element === 0x0800 && length === 2) dataSetType = data.readUInt16LE(value);
    else if (element === 0x0900 && length === 2) status = data.readUInt16LE(value);
    at = value + length;
  }
  if (commandField === undefined) return undefined;
  return {
    commandField,
    command: dimseCommandNames[commandField] ?? `0x${commandField.toString(16).padStart(4, '0')}`,
    sopClass,
    status,
    hasDataSet: dataSetType !== undefined && dataSetType !== 0x0101,
  };
}
