import { printableText } from '../../observe/printable-text.js';
import { ItemType, maxPresentationContexts, PduType } from './consts.js';

/** A presentation context as proposed (abstract syntax, transfer syntaxes) or answered. */
export interface PresentationContext {
  id: number;
  abstractSyntax: string | undefined;
  transferSyntaxes: string[];
  /** In an A-ASSOCIATE-AC: 0 acceptance, 1–4 the reasons of PS3.8 §9.3.3.2. */
  result: number | undefined;
}

/** What an A-ASSOCIATE-RQ or -AC carries (PS3.8 §9.3.2–9.3.3). */
export interface AssociationPdu {
  calledAeTitle: string;
  callingAeTitle: string;
  applicationContext: string | undefined;
  presentationContexts: PresentationContext[];
  maxPduLength: number | undefined;
  implementationClassUid: string | undefined;
  implementationVersionName: string | undefined;
  /**
   * The user identity type of PS3.7 Annex D.3.3.7 (1 user name, 2 user name and passcode,
   * 3 Kerberos, 4 SAML, 5 JWT). The identity itself is never read.
   */
  userIdentityType: number | undefined;
}

/**
 * Reads an A-ASSOCIATE-RQ or -AC PDU body (`data[start, end)`, after the 6-byte header).
 * Undefined when it is shorter than its fixed part or an item runs past its end.
 */
export function readAssociationPdu(
  data: Buffer,
  start: number,
  end: number,
  type: number,
): AssociationPdu | undefined {
  // Protocol version (2), reserved (2), called and calling AE titles (16 each), reserved (32).
  if (end - start < 68) return undefined;
  const pdu: AssociationPdu = {
    calledAeTitle: aeTitle(data, start + 4),
    callingAeTitle: aeTitle(data, start + 20),
    applicationContext: undefined,
    presentationContexts: [],
    maxPduLength: undefined,
    implementationClassUid: undefined,
    implementationVersionName: undefined,
    userIdentityType: undefined,
  };
  const isRequest = type === PduType.associateRequest;
  return forEachItem(data, start + 68, end, (itemType, at, itemEnd) => {
    if (itemType === ItemType.applicationContext) pdu.applicationContext = uid(data, at, itemEnd);
    else if (
      itemType === (isRequest ? ItemType.presentationContextRequest : ItemType.presentationContextAccept)
    ) {
      if (itemEnd - at < 4) return false;
      if (pdu.presentationContexts.length >= maxPresentationContexts) return true;
      const context: PresentationContext = {
        id: data[at]!,
        abstractSyntax: undefined,
        transferSyntaxes: [],
        result: isRequest ? undefined : data[at + 2],
      };
      pdu.presentationContexts.push(context);
      return forEachItem(data, at + 4, itemEnd, (subType, subAt, subEnd) => {
        if (subType === ItemType.abstractSyntax) context.abstractSyntax = uid(data, subAt, subEnd);
        else if (subType === ItemType.transferSyntax && context.transferSyntaxes.length < 32)
          context.transferSyntaxes.push(uid(data, subAt, subEnd));
        return true;
      });
    } else if (itemType === ItemType.userInformation) {
      return forEachItem(data, at, itemEnd, (subType, subAt, subEnd) => {
        if (subType === ItemType.maximumLength && subEnd - subAt === 4)
          pdu.maxPduLength = data.readUInt32BE(subAt);
        else if (subType === ItemType.implementationClassUid)
          pdu.implementationClassUid = uid(data, subAt, subEnd);
        else if (subType === ItemType.implementationVersionName)
          pdu.implementationVersionName = printableText(data.toString('latin1', subAt, subEnd).trim(), 16);
        else if (subType === ItemType.userIdentityRequest && subEnd > subAt)
          pdu.userIdentityType = data[subAt];
        return true;
      });
    }
    return true;
  })
    ? pdu
    : undefined;
}

/**
 * Calls `visit(type, valueStart, valueEnd)` for each item: a type byte, a reserved byte and a
 * 16-bit length (PS3.8 §9.3.2.1). False when an item runs past `end` or `visit` refuses one.
 */
function forEachItem(
  data: Buffer,
  start: number,
  end: number,
  visit: (type: number, at: number, itemEnd: number) => boolean,
): boolean {
  let at = start;
  while (at + 4 <= end) {
    const itemEnd = at + 4 + data.readUInt16BE(at + 2);
    if (itemEnd > end || !visit(data[at]!, at + 4, itemEnd)) return false;
    at = itemEnd;
  }
  return at === end;
}

/** AE titles are 16 bytes, space-padded (PS3.5 §6.2, AE value representation). */
function aeTitle(data: Buffer, at: number): string {
  return printableText(data.toString('latin1', at, at + 16).trim(), 16);
}

/** UIDs may end with a NUL pad byte (PS3.5 §9.1). */
function uid(data: Buffer, at: number, end: number): string {
  return printableText(data.toString('latin1', at, end).replace(/\0+$/, '').trim(), 64);
}
