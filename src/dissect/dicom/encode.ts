import { ItemType, PduType, TransferSyntax } from './consts.js';

/**
 * DICOM upper-layer PDUs (PS3.8 §9.3), DIMSE command sets (PS3.7 §9.3, implicit VR little
 * endian as PS3.7 §6.3.1 requires) and explicit-VR data sets (PS3.5 §7.1.2), for the simulator
 * and tests. Every length is computed, every value padded to even length as PS3.5 §6.2 says.
 */

const applicationContext = '1.2.840.10008.3.1.1.1';

function u16be(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function u32be(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function pdu(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0]), u32be(body.length), body]);
}

function item(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0]), u16be(body.length), body]);
}

function aeTitle(title: string): Buffer {
  return Buffer.from(title.padEnd(16, ' ').slice(0, 16), 'ascii');
}

export interface AssociationIdentity {
  callingAeTitle: string;
  calledAeTitle: string;
  implementationClassUid: string;
  implementationVersionName: string;
  maxPduLength: number;
}

function associationBody(identity: AssociationIdentity, contexts: Buffer[]): Buffer {
  const userInformation = item(
    ItemType.userInformation,
    Buffer.concat([
      item(ItemType.maximumLength, u32be(identity.maxPduLength)),
      item(ItemType.implementationClassUid, Buffer.from(identity.implementationClassUid)),
      item(ItemType.implementationVersionName, Buffer.from(identity.implementationVersionName)),
    ]),
  );
  return Buffer.concat([
    u16be(1),
    Buffer.alloc(2),
    aeTitle(identity.calledAeTitle),
    aeTitle(identity.callingAeTitle),
    Buffer.alloc(32),
    item(ItemType.applicationContext, Buffer.from(applicationContext)),
    ...contexts,
    userInformation,
  ]);
}

/** A-ASSOCIATE-RQ proposing each abstract syntax in its own context (ids 1, 3, 5, …) with the given transfer syntaxes. */
export function encodeAssociateRequest(
  identity: AssociationIdentity,
  abstractSyntaxes: readonly string[],
  transferSyntaxes: readonly string[] = [
    TransferSyntax.explicitLittleEndian,
    TransferSyntax.implicitLittleEndian,
  ],
): Buffer {
  const contexts = abstractSyntaxes.map((syntax, index) =>
    item(
      ItemType.presentationContextRequest,
      Buffer.concat([
        Buffer.from([index * 2 + 1, 0, 0, 0]),
        item(ItemType.abstractSyntax, Buffer.from(syntax)),
        ...transferSyntaxes.map((transfer) => item(ItemType.transferSyntax, Buffer.from(transfer))),
      ]),
    ),
  );
  return pdu(PduType.associateRequest, associationBody(identity, contexts));
}

/** A-ASSOCIATE-AC accepting contexts 1, 3, 5, … (`count` of them) with one transfer syntax. */
export function encodeAssociateAccept(
  identity: AssociationIdentity,
  count: number,
  transferSyntax: string = TransferSyntax.explicitLittleEndian,
): Buffer {
  const contexts = Array.from({ length: count }, (_, index) =>
    item(
      ItemType.presentationContextAccept,
      Buffer.concat([
        Buffer.from([index * 2 + 1, 0, 0, 0]),
        item(ItemType.transferSyntax, Buffer.from(transferSyntax)),
      ]),
    ),
  );
  return pdu(PduType.associateAccept, associationBody(identity, contexts));
}

/** P-DATA-TF with one presentation data value: a whole command or data set, last fragment. */
export function encodeDataTransfer(contextId: number, isCommand: boolean, data: Buffer): Buffer {
  const control = (isCommand ? 0x01 : 0) | 0x02;
  return pdu(
    PduType.dataTransfer,
    Buffer.concat([u32be(data.length + 2), Buffer.from([contextId, control]), data]),
  );
}

export function encodeReleaseRequest(): Buffer {
  return pdu(PduType.releaseRequest, Buffer.alloc(4));
}

export function encodeReleaseResponse(): Buffer {
  return pdu(PduType.releaseResponse, Buffer.alloc(4));
}

function uidValue(uid: string): Buffer {
  return Buffer.from(uid.length % 2 === 0 ? uid : `${uid}\0`, 'ascii');
}

function u16le(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value);
  return bytes;
}

/** A command element, implicit VR little endian: group, element, 32-bit length, value. */
function commandElement(element: number, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0x0000, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(value.length, 4);
  return Buffer.concat([header, value]);
}

/** The command set with its group length first (PS3.7 §E.1). */
function commandSet(elements: readonly [number, Buffer][]): Buffer {
  const body = Buffer.concat(elements.map(([element, value]) => commandElement(element, value)));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([commandElement(0x0000, length), body]);
}

const noDataSet = 0x0101;
const dataSetPresent = 0x0000;

export function encodeCStoreRequest(messageId: number, sopClassUid: string, sopInstanceUid: string): Buffer {
  return commandSet([
    [0x0002, uidValue(sopClassUid)],
    [0x0100, u16le(0x0001)],
    [0x0110, u16le(messageId)],
    [0x0700, u16le(0)],
    [0x0800, u16le(dataSetPresent)],
    [0x1000, uidValue(sopInstanceUid)],
  ]);
}

export function encodeCStoreResponse(
  messageId: number,
  sopClassUid: string,
  sopInstanceUid: string,
  status = 0,
): Buffer {
  return commandSet([
    [0x0002, uidValue(sopClassUid)],
    [0x0100, u16le(0x8001)],
    [0x0120, u16le(messageId)],
    [0x0800, u16le(noDataSet)],
    [0x0900, u16le(status)],
    [0x1000, uidValue(sopInstanceUid)],
  ]);
}

export function encodeCEchoRequest(messageId: number): Buffer {
  return commandSet([
    [0x0002, uidValue('1.2.840.10008.1.1')],
    [0x0100, u16le(0x0030)],
    [0x0110, u16le(messageId)],
    [0x0800, u16le(noDataSet)],
  ]);
}

export function encodeCEchoResponse(messageId: number, status = 0): Buffer {
  return commandSet([
    [0x0002, uidValue('1.2.840.10008.1.1')],
    [0x0100, u16le(0x8030)],
    [0x0120, u16le(messageId)],
    [0x0800, u16le(noDataSet)],
    [0x0900, u16le(status)],
  ]);
}

/** VRs whose explicit-VR header has a reserved word and a 32-bit length (PS3.5 Table 7.1-1). */
const longVrs = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

/** One data element: `[tag, VR, value]`, the tag as 0xGGGGEEEE; text is padded with a space, UIDs with NUL. */
export type DataElement = readonly [tag: number, vr: string, value: string | Buffer];

/** A data set in explicit VR little endian, its elements in the order given (callers sort by tag). */
export function encodeDataset(elements: readonly DataElement[]): Buffer {
  return Buffer.concat(
    elements.map(([tag, vr, value]) => {
      let bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
      if (bytes.length % 2 === 1)
        bytes = Buffer.concat([bytes, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]);
      const isLong = longVrs.has(vr);
      const header = Buffer.alloc(isLong ? 12 : 8);
      header.writeUInt16LE(tag >>> 16, 0);
      header.writeUInt16LE(tag & 0xffff, 2);
      header.write(vr, 4, 'ascii');
      if (isLong) header.writeUInt32LE(bytes.length, 8);
      else header.writeUInt16LE(bytes.length, 6);
      return Buffer.concat([header, bytes]);
    }),
  );
}
