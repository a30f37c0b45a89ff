import { printableText } from '../../observe/printable-text.js';
import {
  Smb1Command,
  smb1HeaderBytes,
  smb1ReplyFlag,
  smb1SigningRequired,
  smb1UnicodeFlag2,
} from './consts.js';
import { type NtlmHostInfo, readNtlmHostInfo } from './ntlmssp.js';

/** What one SMB1 message tells, by command; undefined fields were not in it. */
export type Smb1Facts =
  | { command: 'negotiate-request'; dialects: string[] }
  | { command: 'negotiate-response'; dialectIndex: number; isSigningRequired: boolean }
  | {
      command: 'session-setup';
      isReply: boolean;
      nativeOs: string | undefined;
      nativeLanManager: string | undefined;
      ntlm: NtlmHostInfo | undefined;
    }
  | { command: 'other'; isReply: boolean };

const maxStringBytes = 512;

/**
 * Reads an SMB1 message ([MS-CIFS] §2.2.3) from `start` (its `\xffSMB` signature) to `end`:
 * the negotiate dialects and choice, and the native OS and LAN manager strings of session
 * setup. Undefined when the message is truncated or its counts point outside it.
 */
export function readSmb1(data: Buffer, start: number, end: number): Smb1Facts | undefined {
  if (end - start < smb1HeaderBytes + 3) return undefined;
  const command = data[start + 4]!;
  const isReply = (data[start + 9]! & smb1ReplyFlag) !== 0;
  const isUnicode = (data.readUInt16LE(start + 10) & smb1UnicodeFlag2) !== 0;
  const wordCount = data[start + smb1HeaderBytes]!;
  const words = start + smb1HeaderBytes + 1;
  const byteCountAt = words + wordCount * 2;
  if (byteCountAt + 2 > end) return undefined;
  const bytes = byteCountAt + 2;
  const bytesEnd = Math.min(end, bytes + data.readUInt16LE(byteCountAt));
  if (command === Smb1Command.negotiate) {
    if (!isReply) return { command: 'negotiate-request', dialects: readDialects(data, bytes, bytesEnd) };
    if (wordCount < 1) return undefined;
    const securityMode = wordCount >= 17 ? data[words + 2]! : 0;
    return {
      command: 'negotiate-response',
      dialectIndex: data.readUInt16LE(words),
      isSigningRequired: (securityMode & smb1SigningRequired) !== 0,
    };
  }
  if (command !== Smb1Command.sessionSetupAndX) return { command: 'other', isReply };
  const layout = sessionSetupLayout(data, words, wordCount, isReply);
  if (layout === undefined) return { command: 'other', isReply };
  const blobEnd = Math.min(bytesEnd, bytes + layout.blobBytes);
  const ntlm = layout.blobBytes > 0 ? readNtlmHostInfo(data, bytes, blobEnd) : undefined;
  const strings = readStrings(
    data,
    start,
    bytes + layout.blobBytes,
    bytesEnd,
    isUnicode,
    layout.skipStrings + 2,
  );
  return {
    command: 'session-setup',
    isReply,
    nativeOs: strings[layout.skipStrings],
    nativeLanManager: strings[layout.skipStrings + 1],
    ntlm,
  };
}

/**
 * Where session setup keeps its security blob or passwords, and how many strings precede the
 * native OS ([MS-CIFS] §2.2.4.53, [MS-SMB] §2.2.4.6): the request names the account and domain
 * first when it does not use extended security.
 */
function sessionSetupLayout(
  data: Buffer,
  words: number,
  wordCount: number,
  isReply: boolean,
): { blobBytes: number; skipStrings: number } | undefined {
  if (isReply) {
    if (wordCount === 4) return { blobBytes: data.readUInt16LE(words + 6), skipStrings: 0 };
    if (wordCount === 3) return { blobBytes: 0, skipStrings: 0 };
    return undefined;
  }
  if (wordCount === 12) return { blobBytes: data.readUInt16LE(words + 14), skipStrings: 0 };
  if (wordCount === 13)
    return { blobBytes: data.readUInt16LE(words + 14) + data.readUInt16LE(words + 16), skipStrings: 2 };
  return undefined;
}

/** Dialect strings, each a 0x02 buffer-format byte and NUL-terminated ASCII ([MS-CIFS] §2.2.4.52.1). */
function readDialects(data: Buffer, start: number, end: number): string[] {
  const dialects: string[] = [];
  let at = start;
  while (at < end && data[at] === 0x02) {
    const terminator = data.indexOf(0, at + 1);
    if (terminator < 0 || terminator >= end) break;
    dialects.push(printableText(data.toString('latin1', at + 1, terminator), 64));
    at = terminator + 1;
  }
  return dialects;
}

/**
 * `count` NUL-terminated strings from `at`. UTF-16 strings start on an even offset from the SMB
 * header ([MS-CIFS] §2.2.3.1, Flags2 UNICODE), so a pad byte may come first.
 */
function readStrings(
  data: Buffer,
  smbStart: number,
  at: number,
  end: number,
  isUnicode: boolean,
  count: number,
): (string | undefined)[] {
  const strings: (string | undefined)[] = [];
  let cursor = at;
  if (isUnicode && (cursor - smbStart) % 2 === 1) cursor += 1;
  while (strings.length < count && cursor < end) {
    let terminator = cursor;
    if (isUnicode) {
      while (terminator + 1 < end && (data[terminator] !== 0 || data[terminator + 1] !== 0)) terminator += 2;
    } else {
      while (terminator < end && data[terminator] !== 0) terminator += 1;
    }
    const stringEnd = Math.min(terminator, end, cursor + maxStringBytes);
    const text = data.toString(isUnicode ? 'utf16le' : 'latin1', cursor, stringEnd);
    strings.push(text === '' ? undefined : printableText(text, 256));
    cursor = terminator + (isUnicode ? 2 : 1);
  }
  return strings;
}
