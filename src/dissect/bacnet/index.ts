import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import {
  apduTypeNames,
  bacnetPort,
  bvlcFunctionNames,
  bvlcTypeBacnetIp,
  confirmedServiceNames,
  unconfirmedServiceNames,
} from './consts.js';
import { foldBacnet } from './fold.js';
import type { BacnetMessageObservation } from './observation.js';

/** The device object type (clause 12.11): I-Am names its device by this object's instance. */
const deviceObjectType = 8;

/**
 * BACnet/IP over UDP 47808 (ASHRAE 135 Annex J): building automation controllers (HVAC, lighting,
 * access) next to clinical VLANs. Reports the message type and service; an I-Am gives the device
 * instance, maximum APDU and vendor identifier (ASHRAE-assigned).
 */
export const bacnetDissector: Dissector = {
  protocol: 'bacnet',
  matches: (view) =>
    view.hasTransport &&
    view.ipProtocol === IpProtocol.udp &&
    (view.sourcePort === bacnetPort || view.destinationPort === bacnetPort),
  dissect(view: PacketView, context: DissectContext): void {
    const message = readBacnet(view.packet.data, view.payloadOffset, view.payloadOffset + view.payloadLength);
    if (message === undefined) {
      context.counters.countMalformed('bacnet');
      return;
    }
    context.emit({
      kind: 'bacnet.message',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      sender: packetEndpoint(view, true),
      receiver: packetEndpoint(view, false),
      ...message,
    });
  },
};

interface BacnetMessage {
  bvlcFunction: string;
  /** Undefined for BVLC-only and network-layer messages, which carry no APDU. */
  apduType: string | undefined;
  service: string | undefined;
  deviceInstance: number | undefined;
  maxApdu: number | undefined;
  vendorId: number | undefined;
}

function readBacnet(data: Buffer, start: number, end: number): BacnetMessage | undefined {
  if (end - start < 4 || data[start] !== bvlcTypeBacnetIp) return undefined;
  const bvlcFunction = bvlcFunctionNames[data[start + 1]!];
  const bvlcLength = data.readUInt16BE(start + 2);
  if (bvlcFunction === undefined || bvlcLength < 4 || start + bvlcLength > end) return undefined;
  const message: BacnetMessage = {
    bvlcFunction,
    apduType: undefined,
    service: undefined,
    deviceInstance: undefined,
    maxApdu: undefined,
    vendorId: undefined,
  };
  const carriesNpdu = [0x04, 0x09, 0x0a, 0x0b].includes(data[start + 1]!);
  if (!carriesNpdu) return message;
  // A forwarded NPDU first names its original source (address and port, Annex J.2.10).
  const npdu = start + (data[start + 1] === 0x04 ? 10 : 4);
  const apdu = apduStart(data, npdu, start + bvlcLength);
  if (apdu === undefined) return undefined;
  if (apdu < 0) return message;
  return readApdu(data, apdu, start + bvlcLength, message) ? message : undefined;
}

/** Where the APDU starts after the NPDU header (clause 6.2); -1 for network-layer messages. */
function apduStart(data: Buffer, at: number, end: number): number | undefined {
  if (end - at < 2 || data[at] !== 0x01) return undefined;
  const control = data[at + 1]!;
  let cursor = at + 2;
  const hasDestination = (control & 0x20) !== 0;
  if (hasDestination) {
    if (cursor + 3 > end) return undefined;
    cursor += 3 + data[cursor + 2]!;
  }
  if (control & 0x08) {
    if (cursor + 3 > end) return undefined;
    cursor += 3 + data[cursor + 2]!;
  }
  if (hasDestination) cursor += 1;
  if (cursor > end) return undefined;
  return control & 0x80 ? -1 : cursor;
}

function readApdu(data: Buffer, at: number, end: number, message: BacnetMessage): boolean {
  if (at >= end) return false;
  const type = data[at]! >> 4;
  message.apduType = apduTypeNames[type];
  if (type === 1) {
    if (at + 2 > end) return false;
    const service = data[at + 1]!;
    message.service = unconfirmedServiceNames[service] ?? `unconfirmed-${service}`;
    if (service === 0) return readIAm(data, at + 2, end, message);
  } else if (type === 0) {
    // Segmented requests carry a sequence number and window size before the service (clause 20.1.2).
    const serviceAt = at + (data[at]! & 0x08 ? 5 : 3);
    if (serviceAt >= end) return false;
    message.service = confirmedServiceNames[data[serviceAt]!] ?? `confirmed-${data[serviceAt]}`;
  } else if (type === 2 || type === 3) {
    const serviceAt = at + (type === 3 && data[at]! & 0x08 ? 4 : 2);
    if (serviceAt >= end) return false;
    message.service = confirmedServiceNames[data[serviceAt]!] ?? `confirmed-${data[serviceAt]}`;
  }
  return true;
}

/**
 * I-Am (clause 16.10.2): four application-tagged values, the device's object identifier, its
 * maximum APDU length, segmentation support and vendor identifier.
 */
function readIAm(data: Buffer, at: number, end: number, message: BacnetMessage): boolean {
  const objectId = readApplicationValue(data, at, end, 12);
  if (objectId === undefined || objectId.value >>> 22 !== deviceObjectType) return false;
  message.deviceInstance = objectId.value & 0x3f_ffff;
  const maxApdu = readApplicationValue(data, objectId.next, end, 2);
  if (maxApdu === undefined) return false;
  message.maxApdu = maxApdu.value;
  const segmentation = readApplicationValue(data, maxApdu.next, end, 9);
  if (segmentation === undefined) return false;
  const vendor = readApplicationValue(data, segmentation.next, end, 2);
  if (vendor === undefined) return false;
  message.vendorId = vendor.value;
  return true;
}

/** An application-tagged unsigned, enumerated or object identifier of up to 4 bytes (clause 20.2.1). */
function readApplicationValue(
  data: Buffer,
  at: number,
  end: number,
  expectedTag: number,
): { value: number; next: number } | undefined {
  if (at >= end) return undefined;
  const tag = data[at]!;
  const length = tag & 0x07;
  if (tag >> 4 !== expectedTag || (tag & 0x08) !== 0 || length < 1 || length > 4 || at + 1 + length > end)
    return undefined;
  return { value: data.readUIntBE(at + 1, length), next: at + 1 + length };
}

/** BACnet/IP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const bacnetProtocol: Protocol<BacnetMessageObservation> = {
  name: 'bacnet',
  packetDissector: bacnetDissector,
  kinds: ['bacnet.message'],
  fold: foldBacnet,
};
