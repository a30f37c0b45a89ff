import { printableText } from '../../observe/printable-text.js';

/** What an NTLMSSP message ([MS-NLMP] §2.2.1) tells about the host that sent it. */
export interface NtlmHostInfo {
  /** 1 negotiate, 2 challenge (from the server), 3 authenticate (from the client). */
  messageType: number;
  /** The sender's Windows version from the VERSION field, as `major.minor.build`; absent when not sent. */
  osVersion: string | undefined;
  /** From a challenge's target information (AV pairs, §2.2.2.1): the server's own names. */
  netbiosComputerName: string | undefined;
  netbiosDomainName: string | undefined;
  dnsComputerName: string | undefined;
  dnsDomainName: string | undefined;
  /** From an authenticate message: the client's workstation and the account's domain. */
  workstation: string | undefined;
  domain: string | undefined;
}

const signature = Buffer.from('NTLMSSP\u0000', 'latin1');
const negotiateVersionFlag = 0x0200_0000;
const negotiateUnicodeFlag = 0x1;
const maxNameLength = 256;
const avPairNames: Readonly<Record<number, keyof NtlmHostInfo>> = {
  1: 'netbiosComputerName',
  2: 'netbiosDomainName',
  3: 'dnsComputerName',
  4: 'dnsDomainName',
};

/**
 * Finds an NTLMSSP message inside a security blob (SPNEGO wraps it in ASN.1 that need not be
 * parsed: the signature marks where it starts) and reads the host facts it carries. Never the
 * user name, the challenge or the responses. Undefined when there is none or it is truncated.
 */
export function readNtlmHostInfo(data: Buffer, start: number, end: number): NtlmHostInfo | undefined {
  const at = data.subarray(start, end).indexOf(signature);
  if (at < 0) return undefined;
  const message = data.subarray(start + at, end);
  if (message.length < 12) return undefined;
  const messageType = message.readUInt32LE(8);
  const info: NtlmHostInfo = {
    messageType,
    osVersion: undefined,
    netbiosComputerName: undefined,
    netbiosDomainName: undefined,
    dnsComputerName: undefined,
    dnsDomainName: undefined,
    workstation: undefined,
    domain: undefined,
  };
  if (messageType === 1 && message.length >= 16) {
    const flags = message.readUInt32LE(12);
    if (flags & negotiateVersionFlag) info.osVersion = readVersion(message, 32);
  } else if (messageType === 2 && message.length >= 24) {
    const flags = message.readUInt32LE(20);
    if (flags & negotiateVersionFlag) info.osVersion = readVersion(message, 48);
    const targetInfo = fieldBounds(message, 40);
    if (targetInfo !== undefined) readAvPairs(message, targetInfo[0], targetInfo[1], info);
  } else if (messageType === 3 && message.length >= 64) {
    const flags = message.readUInt32LE(60);
    const isUnicode = (flags & negotiateUnicodeFlag) !== 0;
    if (flags & negotiateVersionFlag) info.osVersion = readVersion(message, 64);
    info.domain = readField(message, 28, isUnicode);
    info.workstation = readField(message, 44, isUnicode);
  } else return undefined;
  return info;
}

/** VERSION (§2.2.2.10): major, minor, build; a zero major means the field is only padding. */
function readVersion(message: Buffer, at: number): string | undefined {
  if (message.length < at + 8 || message[at] === 0) return undefined;
  return `${message[at]}.${message[at + 1]}.${message.readUInt16LE(at + 2)}`;
}

/** A (length, allocated, offset) field (§2.2.1): the bounds it points at, when inside the message. */
function fieldBounds(message: Buffer, at: number): [number, number] | undefined {
  if (message.length < at + 8) return undefined;
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0 || offset + length > message.length) return undefined;
  return [offset, offset + length];
}

function readField(message: Buffer, at: number, isUnicode: boolean): string | undefined {
  const bounds = fieldBounds(message, at);
  if (bounds === undefined) return undefined;
  const text = message.toString(isUnicode ? 'utf16le' : 'latin1', bounds[0], bounds[1]);
  return text === '' ? undefined : printableText(text, maxNameLength);
}

function readAvPairs(message: Buffer, start: number, end: number, info: NtlmHostInfo): void {
  let at = start;
  while (at + 4 <= end) {
    const id = message.readUInt16LE(at);
    const length = message.readUInt16LE(at + 2);
    if (id === 0 || at + 4 + length > end) return;
    const name = avPairNames[id];
    if (name !== undefined && length > 0) {
      (info[name] as string | undefined) = printableText(
        message.toString('utf16le', at + 4, at + 4 + length),
        maxNameLength,
      );
    }
    at += 4 + length;
  }
}
