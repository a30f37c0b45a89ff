import {
  Smb2Command,
  smb2DialectName,
  smb2HeaderBytes,
  smb2ResponseFlag,
  smb2SigningRequired,
} from './consts.js';
import { type NtlmHostInfo, readNtlmHostInfo } from './ntlmssp.js';

/** What one SMB2/3 message tells, by command. */
export type Smb2Facts =
  | { command: 'negotiate-request'; dialects: string[] }
  | {
      command: 'negotiate-response';
      dialect: string;
      isSigningRequired: boolean;
      ntlm: NtlmHostInfo | undefined;
    }
  | { command: 'session-setup'; isReply: boolean; ntlm: NtlmHostInfo | undefined }
  | { command: 'other'; isReply: boolean };

/** At most this many dialects are read from a request (Windows 11 offers five). */
const maxDialects = 64;

/**
 * Reads the first SMB2/3 message ([MS-SMB2] §2.2.1) from `start` (its `\xfeSMB` signature):
 * negotiate dialects and signing, and the NTLMSSP host facts in session setup's security
 * buffer. Undefined when truncated. Later messages of a compound chain carry nothing read here.
 */
export function readSmb2(data: Buffer, start: number, end: number): Smb2Facts | undefined {
  if (end - start < smb2HeaderBytes) return undefined;
  const command = data.readUInt16LE(start + 12);
  const isReply = (data.readUInt32LE(start + 16) & smb2ResponseFlag) !== 0;
  const body = start + smb2HeaderBytes;
  if (command === Smb2Command.negotiate) {
    if (end - body < 4) return undefined;
    if (!isReply) {
      const count = Math.min(data.readUInt16LE(body + 2), maxDialects);
      const dialects: string[] = [];
      for (let index = 0; index < count && body + 36 + index * 2 + 2 <= end; index += 1)
        dialects.push(smb2DialectName(data.readUInt16LE(body + 36 + index * 2)));
      return { command: 'negotiate-request', dialects };
    }
    if (end - body < 64) return undefined;
    return {
      command: 'negotiate-response',
      dialect: smb2DialectName(data.readUInt16LE(body + 4)),
      isSigningRequired: (data.readUInt16LE(body + 2) & smb2SigningRequired) !== 0,
      ntlm: securityBuffer(data, start, end, body + 56),
    };
  }
  if (command === Smb2Command.sessionSetup)
    return {
      command: 'session-setup',
      isReply,
      ntlm: securityBuffer(data, start, end, body + (isReply ? 4 : 12)),
    };
  return { command: 'other', isReply };
}

/** A security buffer given by offset (from the header) and length at `fieldAt`. */
function securityBuffer(data: Buffer, start: number, end: number, fieldAt: number): NtlmHostInfo | undefined {
  if (fieldAt + 4 > end) return undefined;
  const from = start + data.readUInt16LE(fieldAt);
  const to = Math.min(end, from + data.readUInt16LE(fieldAt + 2));
  return from < to ? readNtlmHostInfo(data, from, to) : undefined;
}
