import { printableText } from '../../observe/printable-text.js';
import { maxSegmentsListed, phiSegments } from './consts.js';

/** The header facts of one HL7 v2 message (MSH, MSA; HL7 v2.5 §2.14.9, §2.14.8). */
export interface Hl7Message {
  sendingApplication: string | undefined;
  sendingFacility: string | undefined;
  receivingApplication: string | undefined;
  receivingFacility: string | undefined;
  /** MSH-9 as sent, e.g. `ORU^R01^ORU_R01`. */
  messageType: string | undefined;
  messageCode: string | undefined;
  triggerEvent: string | undefined;
  controlId: string | undefined;
  version: string | undefined;
  /** MSA-1 of an acknowledgement: AA/CA accept, AE/CE error, AR/CR reject. */
  acknowledgementCode: string | undefined;
  /** Segment ids in order (bounded). */
  segments: string[];
  /** Patient-identifying segments present, by id. */
  phiSegments: string[];
}

/**
 * Reads a message's header and segment list from `data[start, end)` (MLLP framing removed).
 * Only MSH and MSA fields are turned into text; other segments are identified by their first
 * three bytes. Undefined when it does not start with an MSH segment.
 */
export function readHl7Message(data: Buffer, start: number, end: number): Hl7Message | undefined {
  if (end - start < 8 || data.toString('latin1', start, start + 3) !== 'MSH') return undefined;
  const fieldSeparator = String.fromCharCode(data[start + 3]!);
  const componentSeparator = String.fromCharCode(data[start + 4]!);
  const message: Hl7Message = {
    sendingApplication: undefined,
    sendingFacility: undefined,
    receivingApplication: undefined,
    receivingFacility: undefined,
    messageType: undefined,
    messageCode: undefined,
    triggerEvent: undefined,
    controlId: undefined,
    version: undefined,
    acknowledgementCode: undefined,
    segments: [],
    phiSegments: [],
  };
  let at = start;
  while (at < end) {
    let segmentEnd = at;
    while (segmentEnd < end && data[segmentEnd] !== 0x0d && data[segmentEnd] !== 0x0a) segmentEnd += 1;
    if (segmentEnd - at >= 3) {
      const id = data.toString('latin1', at, at + 3);
      if (!/^[A-Z][A-Z0-9]{2}$/.test(id)) return undefined;
      if (message.segments.length < maxSegmentsListed) message.segments.push(id);
      if (phiSegments.has(id) && !message.phiSegments.includes(id)) message.phiSegments.push(id);
      if (id === 'MSH' && at === start)
        readHeader(data.toString('latin1', at, segmentEnd), fieldSeparator, componentSeparator, message);
      else if (id === 'MSA' && message.acknowledgementCode === undefined)
        message.acknowledgementCode = field(
          data.toString('latin1', at, segmentEnd).split(fieldSeparator),
          1,
          2,
        );
    }
    at = segmentEnd + 1;
  }
  return message;
}

function readHeader(
  segment: string,
  fieldSeparator: string,
  componentSeparator: string,
  message: Hl7Message,
): void {
  // MSH-1 is the field separator itself, so MSH-n is at index n - 1 once split.
  const fields = segment.split(fieldSeparator);
  message.sendingApplication = field(fields, 2);
  message.sendingFacility = field(fields, 3);
  message.receivingApplication = field(fields, 4);
  message.receivingFacility = field(fields, 5);
  message.messageType = field(fields, 8, 32);
  const components = (fields[8] ?? '').split(componentSeparator);
  message.messageCode = clean(components[0], 3);
  message.triggerEvent = clean(components[1], 3);
  message.controlId = field(fields, 9, 32);
  message.version = clean((fields[11] ?? '').split(componentSeparator)[0], 8);
}

function field(fields: string[], index: number, maxLength = 64): string | undefined {
  return clean(fields[index], maxLength);
}

function clean(value: string | undefined, maxLength: number): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : printableText(text, maxLength);
}
