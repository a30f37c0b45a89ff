import { evidenceOf } from '../dissector.js';
import { type Framing, MessageFramer } from '../message-framer.js';
import type { Protocol } from '../protocol.js';
import {
  connectionFacts,
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { maxMessagesRead, maxSmbMessageBytes, NetbiosSessionType } from './consts.js';
import { isSmbStart } from './detect.js';
import { Smb2FileActivity } from './file-activity.js';
import { foldSmb } from './fold.js';
import type { NtlmHostInfo } from './ntlmssp.js';
import type {
  SmbFileActivityObservation,
  SmbHostInfoObservation,
  SmbNegotiateObservation,
} from './observation.js';
import { readSmb1 } from './smb1.js';
import { readSmb2 } from './smb2.js';

/** File operations per `smb.file-activity` report (and one more at the connection's end). */
const fileOperationsPerReport = 64;

/**
 * NetBIOS session service framing (RFC 1002 §4.3.1), used on 139 and, as a plain 24-bit length
 * ([MS-SMB2] §2.1), on 445: a type byte, then the length (17 bits on 139, 24 on 445; the high
 * bits are zero in the former, so one reading serves both).
 */
const netbiosFraming: Framing = {
  headerBytes: 4,
  bodyLengthOf: (header, at) => {
    const type = header[at]!;
    if (type !== NetbiosSessionType.sessionMessage && (type < 0x81 || type > 0x85)) return undefined;
    return header.readUIntBE(at + 1, 3);
  },
};

/**
 * SMB1 and SMB2/3 (over NetBIOS on 139, direct on 445, or any port): the dialects a client
 * offers and the server chooses (SMBv1 use, signing), and the native OS, LAN manager and
 * NTLMSSP host names and Windows version each side gives during session setup. Passwords,
 * hashes and user names are never read. After the first messages a direction is only counted:
 * the client's file operations (creates, writes, renames, deletes) from each request's first
 * bytes, the rest passed over without buffering.
 */
export const smbDissector: StreamDissector = {
  protocol: 'smb',
  detect: isSmbStart,
  createHandler: (endpoints) => new SmbConnection(endpoints),
};

class SmbConnection implements StreamHandler {
  readonly #framers: [MessageFramer, MessageFramer] = [
    new MessageFramer(netbiosFraming, maxSmbMessageBytes),
    new MessageFramer(netbiosFraming, maxSmbMessageBytes),
  ];
  readonly #messagesRead: [number, number] = [0, 0];
  /** The dialects of the last negotiate request, reported with the server's answer. */
  #offeredDialects: string[] = [];
  readonly #fileActivity = new Smb2FileActivity();

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    if (isFromInitiator) {
      this.#fileActivity.push(data, offset, length, context.view.packet.timestampMs, () =>
        evidenceOf(context.view, context),
      );
      if (this.#fileActivity.operationsSinceReport >= fileOperationsPerReport)
        this.#emitFileActivity(context);
    }
    const index = isFromInitiator ? 0 : 1;
    const framer = this.#framers[index];
    const result = framer.push(data, offset, length, (message, start, end, isWhole) => {
      this.#messagesRead[index] += 1;
      if (this.#messagesRead[index] >= maxMessagesRead) framer.stop();
      if (isWhole && message[start] === NetbiosSessionType.sessionMessage)
        this.#readMessage(message, start + 4, end, isFromInitiator, context);
    });
    if (result === 'malformed') context.counters.countMalformed('smb');
  }

  onGap(isFromInitiator: boolean): void {
    this.#framers[isFromInitiator ? 0 : 1].stop();
    if (isFromInitiator) this.#fileActivity.stop();
  }

  onEnd(context: StreamContext): void {
    this.#emitFileActivity(context);
  }

  #emitFileActivity(context: StreamContext): void {
    const counts = this.#fileActivity.take();
    if (counts === undefined) return;
    const observation: SmbFileActivityObservation = {
      kind: 'smb.file-activity',
      timestampMs: counts.lastMs,
      evidence: counts.evidence,
      client: initiatorOf(this.endpoints),
      server: responderOf(this.endpoints),
      creates: counts.creates,
      writes: counts.writes,
      filesWritten: counts.filesWritten,
      renames: counts.renames,
      deletes: counts.deletes,
      firstMs: counts.firstMs,
      lastMs: counts.lastMs,
    };
    context.emit(observation);
  }

  #readMessage(data: Buffer, start: number, end: number, isFromInitiator: boolean, context: StreamContext) {
    const marker = end - start >= 4 && data[start + 1] === 0x53 ? data[start] : undefined;
    if (marker === 0xff) this.#readSmb1(data, start, end, isFromInitiator, context);
    else if (marker === 0xfe) this.#readSmb2(data, start, end, isFromInitiator, context);
    else if (marker === 0xfd) this.#framers[isFromInitiator ? 0 : 1].stop();
    else {
      context.counters.countMalformed('smb');
      this.#framers[isFromInitiator ? 0 : 1].stop();
    }
  }

  #readSmb1(data: Buffer, start: number, end: number, isFromInitiator: boolean, context: StreamContext) {
    const facts = readSmb1(data, start, end);
    if (facts === undefined) {
      context.counters.countMalformed('smb');
      return;
    }
    if (facts.command === 'negotiate-request' && isFromInitiator) this.#offeredDialects = facts.dialects;
    else if (facts.command === 'negotiate-response' && !isFromInitiator) {
      this.#emitNegotiate(this.#offeredDialects[facts.dialectIndex], true, facts.isSigningRequired, context);
    } else if (facts.command === 'session-setup') {
      this.#emitHostInfo(!isFromInitiator, facts.nativeOs, facts.nativeLanManager, facts.ntlm, context);
    }
  }

  #readSmb2(data: Buffer, start: number, end: number, isFromInitiator: boolean, context: StreamContext) {
    const facts = readSmb2(data, start, end);
    if (facts === undefined) {
      context.counters.countMalformed('smb');
      return;
    }
    if (facts.command === 'negotiate-request' && isFromInitiator) this.#offeredDialects = facts.dialects;
    else if (facts.command === 'negotiate-response' && !isFromInitiator) {
      this.#emitNegotiate(facts.dialect, false, facts.isSigningRequired, context);
      this.#emitHostInfo(true, undefined, undefined, facts.ntlm, context);
    } else if (facts.command === 'session-setup') {
      this.#emitHostInfo(!isFromInitiator, undefined, undefined, facts.ntlm, context);
    }
  }

  #emitNegotiate(
    chosenDialect: string | undefined,
    isSmb1: boolean,
    isSigningRequired: boolean,
    context: StreamContext,
  ): void {
    context.emit({
      kind: 'smb.negotiate',
      ...connectionFacts(this.endpoints, context),
      offeredDialects: this.#offeredDialects,
      chosenDialect,
      isSmb1,
      isSigningRequired,
    });
    this.#offeredDialects = [];
  }

  #emitHostInfo(
    isFromServer: boolean,
    nativeOs: string | undefined,
    nativeLanManager: string | undefined,
    ntlm: NtlmHostInfo | undefined,
    context: StreamContext,
  ): void {
    if (nativeOs === undefined && nativeLanManager === undefined && !hasHostFacts(ntlm)) return;
    context.emit({
      kind: 'smb.host-info',
      ...connectionFacts(this.endpoints, context),
      isFromServer,
      nativeOs,
      nativeLanManager,
      ntlmOsVersion: ntlm?.osVersion,
      netbiosComputerName: ntlm?.netbiosComputerName,
      netbiosDomainName: ntlm?.netbiosDomainName,
      dnsComputerName: ntlm?.dnsComputerName,
      dnsDomainName: ntlm?.dnsDomainName,
      workstation: ntlm?.workstation,
      domain: ntlm?.domain,
    });
  }
}

function hasHostFacts(ntlm: NtlmHostInfo | undefined): boolean {
  if (ntlm === undefined) return false;
  return [
    ntlm.osVersion,
    ntlm.netbiosComputerName,
    ntlm.netbiosDomainName,
    ntlm.dnsComputerName,
    ntlm.dnsDomainName,
    ntlm.workstation,
    ntlm.domain,
  ].some((value) => value !== undefined);
}

/** SMB: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const smbProtocol: Protocol<
  SmbNegotiateObservation | SmbHostInfoObservation | SmbFileActivityObservation
> = {
  name: 'smb',
  streamDissector: smbDissector,
  kinds: ['smb.negotiate', 'smb.host-info', 'smb.file-activity'],
  fold: foldSmb,
};
