/**
 * SMB negotiation for the simulator: SMB2 NEGOTIATE request and response ([MS-SMB2] §2.2.3–4)
 * and the SMB1 NEGOTIATE exchange of NT LM 0.12 ([MS-CIFS] §2.2.4.52), each behind the 4-byte
 * session header of SMB over TCP port 445 ([MS-SMB2] §2.1).
 */

function sessionMessage(message: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(message.length);
  return Buffer.concat([header, message]);
}

function smb2Header(
  isResponse: boolean,
  messageId: number,
  command = 0,
  session?: { treeId: number; sessionId: number },
): Buffer {
  const header = Buffer.alloc(64);
  header.write('\u00feSMB', 0, 'latin1');
  header.writeUInt16LE(64, 4);
  header.writeUInt16LE(command, 12);
  header.writeUInt16LE(1, 14);
  header.writeUInt32LE(isResponse ? 1 : 0, 16);
  header.writeUInt32LE(messageId, 24);
  if (session !== undefined) {
    header.writeUInt32LE(0xfeff, 32);
    header.writeUInt32LE(session.treeId, 36);
    header.writeUInt32LE(session.sessionId, 40);
  }
  return header;
}

/** SMB2 WRITE ([MS-SMB2] §2.2.21): `data` written at `offset` of the open file `fileId`. */
export function encodeSmb2WriteRequest(
  messageId: number,
  session: { treeId: number; sessionId: number },
  fileId: Buffer,
  offset: number,
  data: Buffer,
): Buffer {
  const body = Buffer.alloc(48);
  body.writeUInt16LE(49, 0);
  body.writeUInt16LE(64 + 48, 2);
  body.writeUInt32LE(data.length, 4);
  body.writeBigUInt64LE(BigInt(offset), 8);
  fileId.copy(body, 16, 0, 16);
  return sessionMessage(Buffer.concat([smb2Header(false, messageId, 9, session), body, data]));
}

/** Its answer ([MS-SMB2] §2.2.22): how many bytes were written. */
export function encodeSmb2WriteResponse(
  messageId: number,
  session: { treeId: number; sessionId: number },
  count: number,
): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt16LE(17, 0);
  body.writeUInt32LE(count, 4);
  return sessionMessage(Buffer.concat([smb2Header(true, messageId, 9, session), body]));
}

/** Dialect codes as [MS-SMB2] §2.2.3 numbers them: 0x0202 is 2.0.2, 0x0311 is 3.1.1. */
export function encodeSmb2NegotiateRequest(dialects: readonly number[], clientGuid: Buffer): Buffer {
  const body = Buffer.alloc(36 + dialects.length * 2);
  body.writeUInt16LE(36, 0);
  body.writeUInt16LE(dialects.length, 2);
  body.writeUInt16LE(0x01, 4);
  clientGuid.copy(body, 12, 0, 16);
  dialects.forEach((dialect, index) => {
    body.writeUInt16LE(dialect, 36 + index * 2);
  });
  return sessionMessage(Buffer.concat([smb2Header(false, 0), body]));
}

export function encodeSmb2NegotiateResponse(
  dialect: number,
  isSigningRequired: boolean,
  serverGuid: Buffer,
): Buffer {
  const body = Buffer.alloc(65);
  body.writeUInt16LE(65, 0);
  body.writeUInt16LE(isSigningRequired ? 0x03 : 0x01, 2);
  body.writeUInt16LE(dialect, 4);
  serverGuid.copy(body, 8, 0, 16);
  body.writeUInt32LE(0x7, 24);
  body.writeUInt32LE(8 * 1024 * 1024, 28);
  body.writeUInt32LE(8 * 1024 * 1024, 32);
  body.writeUInt32LE(8 * 1024 * 1024, 36);
  // No security buffer: its offset is where it would start, just past the fixed body.
  body.writeUInt16LE(64 + 64, 56);
  return sessionMessage(Buffer.concat([smb2Header(true, 0), body]));
}

function smb1Header(isReply: boolean): Buffer {
  const header = Buffer.alloc(32);
  header.write('\u00ffSMB', 0, 'latin1');
  header[4] = 0x72;
  header[9] = isReply ? 0x88 : 0x08;
  header.writeUInt16LE(0x0001, 10);
  header.writeUInt16LE(0xfeff, 26);
  return header;
}

export function encodeSmb1NegotiateRequest(dialects: readonly string[]): Buffer {
  const names = Buffer.concat(dialects.map((name) => Buffer.from(`\u0002${name}\u0000`, 'latin1')));
  const byteCount = Buffer.alloc(2);
  byteCount.writeUInt16LE(names.length);
  return sessionMessage(Buffer.concat([smb1Header(false), Buffer.from([0]), byteCount, names]));
}

/** The NT LM 0.12 answer choosing `dialectIndex`, without extended security: an 8-byte challenge and the domain. */
export function encodeSmb1NegotiateResponse(dialectIndex: number, domain: string): Buffer {
  const words = Buffer.alloc(34);
  words.writeUInt16LE(dialectIndex, 0);
  words[2] = 0x03;
  words.writeUInt16LE(50, 3);
  words.writeUInt16LE(1, 5);
  words.writeUInt32LE(16_644, 7);
  words.writeUInt32LE(65_536, 11);
  words.writeUInt32LE(0x0000e3fd & ~0x80000000, 19);
  words[33] = 8;
  const bytes = Buffer.concat([Buffer.alloc(8, 0x11), Buffer.from(`${domain}\u0000`, 'latin1')]);
  const byteCount = Buffer.alloc(2);
  byteCount.writeUInt16LE(bytes.length);
  return sessionMessage(Buffer.concat([smb1Header(true), Buffer.from([17]), words, byteCount, bytes]));
}
