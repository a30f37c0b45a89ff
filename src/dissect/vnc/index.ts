import { printableText } from '../../observe/printable-text.js';
import type { Protocol } from '../protocol.js';
import {
  connectionFacts,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import {
  maxDesktopNameBytes,
  maxHandshakeBytes,
  securityTypeNone,
  securityTypeVncAuthentication,
  vncSecurityTypeName,
} from './consts.js';
import { isRfbVersion, isVncStart } from './detect.js';
import { foldVnc } from './fold.js';
import type { VncDesktopObservation, VncHandshakeObservation } from './observation.js';

type ServerStep = 'version' | 'security-types' | 'security-result' | 'server-init' | 'done';
type ClientStep = 'version' | 'security-choice' | 'done';

/**
 * VNC's RFB handshake (RFC 6143 §7.1–7.3): both protocol versions, the security types the
 * server offers and the one used (None means anyone gets the screen, keyboard and mouse), and
 * the desktop name the server announces, which often names the host or the application.
 */
export const vncDissector: StreamDissector = {
  protocol: 'vnc',
  detect: isVncStart,
  createHandler: (endpoints) => new VncConnection(endpoints),
};

class VncConnection implements StreamHandler {
  readonly #pending: [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];
  #serverStep: ServerStep = 'version';
  #clientStep: ClientStep = 'version';
  #serverVersion: string | undefined;
  #clientVersion: string | undefined;
  #offered: string[] = [];
  #securityType: number | undefined;
  #hasReportedHandshake = false;
  #isChallengeRead = false;

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const index = isFromInitiator ? 0 : 1;
    if ((isFromInitiator ? this.#clientStep : this.#serverStep) === 'done') return;
    this.#pending[index] = Buffer.concat([this.#pending[index], data.subarray(offset, offset + length)]);
    const consumed = isFromInitiator
      ? this.#readClient(this.#pending[0], context)
      : this.#readServer(this.#pending[1], context);
    if (consumed === undefined) {
      context.counters.countMalformed('vnc');
      this.#stop(isFromInitiator);
      return;
    }
    this.#pending[index] = this.#pending[index].subarray(consumed);
    if (this.#pending[index].length > maxHandshakeBytes) this.#stop(isFromInitiator);
  }

  onGap(isFromInitiator: boolean): void {
    this.#stop(isFromInitiator);
  }

  #stop(isFromInitiator: boolean): void {
    if (isFromInitiator) this.#clientStep = 'done';
    else this.#serverStep = 'done';
    this.#pending[isFromInitiator ? 0 : 1] = Buffer.alloc(0);
  }

  /** Reads what it can; returns the bytes consumed, or undefined when they are not RFB. */
  #readServer(data: Buffer, context: StreamContext): number | undefined {
    let at = 0;
    while (this.#serverStep !== 'done') {
      const available = data.length - at;
      if (this.#serverStep === 'version') {
        if (available < 12) return at;
        if (!isRfbVersion(data, at, available)) return undefined;
        this.#serverVersion = data.toString('latin1', at + 4, at + 11);
        at += 12;
        this.#serverStep = 'security-types';
      } else if (this.#serverStep === 'security-types') {
        if (this.#isVersion33()) {
          // 3.3: the server decides alone, as a 32-bit type (RFC 6143 Appendix A.1).
          if (available < 4) return at;
          const type = data.readUInt32BE(at);
          at += 4;
          if (type === 0) return this.#finish(at);
          this.#offered = [vncSecurityTypeName(type)];
          this.#serverStep = 'security-result';
          this.#settleSecurity(type, context);
          continue;
        }
        if (available < 1) return at;
        const count = data[at]!;
        if (count === 0) return this.#finish(at + 1);
        if (available < 1 + count) return at;
        this.#offered = [...data.subarray(at + 1, at + 1 + count)].map(vncSecurityTypeName);
        at += 1 + count;
        this.#serverStep = 'security-result';
        this.#emitHandshakeIfSettled(context);
      } else if (this.#serverStep === 'security-result') {
        // Waits for the client's choice; VNC authentication sends a 16-byte challenge first.
        if (this.#securityType === undefined) return at;
        if (this.#securityType === securityTypeVncAuthentication && !this.#isChallengeRead) {
          if (available < 16) return at;
          at += 16;
          this.#isChallengeRead = true;
          continue;
        }
        if (this.#securityType !== securityTypeNone && this.#securityType !== securityTypeVncAuthentication)
          return this.#finish(at);
        // SecurityResult follows authentication, and None too from RFB 3.8 on (RFC 6143 §7.1.3).
        if (this.#securityType === securityTypeVncAuthentication || this.#clientVersion === '003.008') {
          if (available < 4) return at;
          if (data.readUInt32BE(at) !== 0) return this.#finish(at + 4);
          at += 4;
        }
        this.#serverStep = 'server-init';
      } else {
        if (available < 24) return at;
        const nameLength = data.readUInt32BE(at + 20);
        const shownLength = Math.min(nameLength, maxDesktopNameBytes);
        if (available < 24 + shownLength) return at;
        context.emit({
          kind: 'vnc.desktop',
          ...connectionFacts(this.endpoints, context),
          width: data.readUInt16BE(at),
          height: data.readUInt16BE(at + 2),
          desktopName: printableText(
            data.toString('utf8', at + 24, at + 24 + shownLength),
            maxDesktopNameBytes,
          ),
        });
        return this.#finish(at + 24 + shownLength);
      }
    }
    return at;
  }

  #readClient(data: Buffer, context: StreamContext): number | undefined {
    if (this.#clientStep === 'version') {
      if (data.length < 12) return 0;
      if (!isRfbVersion(data, 0, data.length)) return undefined;
      this.#clientVersion = data.toString('latin1', 4, 11);
      this.#clientStep = this.#isVersion33() ? 'done' : 'security-choice';
      this.#emitHandshakeIfSettled(context);
      return (
        12 +
        (this.#clientStep === 'security-choice' ? (this.#readClient(data.subarray(12), context) ?? 0) : 0)
      );
    }
    if (this.#clientStep !== 'security-choice' || data.length < 1) return 0;
    this.#clientStep = 'done';
    this.#settleSecurity(data[0]!, context);
    return 1;
  }

  /** RFB 3.3 (and the 3.4–3.6 versions some servers send, RFC 6143 Appendix A) has no type list. */
  #isVersion33(): boolean {
    const version = this.#clientVersion ?? this.#serverVersion;
    return version !== undefined && version < '003.007';
  }

  #settleSecurity(type: number, context: StreamContext): void {
    this.#securityType = type;
    this.#emitHandshakeIfSettled(context);
  }

  #emitHandshakeIfSettled(context: StreamContext): void {
    if (this.#hasReportedHandshake || this.#serverVersion === undefined || this.#clientVersion === undefined)
      return;
    if (this.#securityType === undefined) return;
    this.#hasReportedHandshake = true;
    context.emit({
      kind: 'vnc.handshake',
      ...connectionFacts(this.endpoints, context),
      serverVersion: this.#serverVersion,
      clientVersion: this.#clientVersion,
      offeredSecurityTypes: this.#offered,
      securityType: vncSecurityTypeName(this.#securityType),
    });
  }

  #finish(at: number): number {
    this.#serverStep = 'done';
    return at;
  }
}

/** VNC: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const vncProtocol: Protocol<VncHandshakeObservation | VncDesktopObservation> = {
  name: 'vnc',
  streamDissector: vncDissector,
  kinds: ['vnc.handshake', 'vnc.desktop'],
  fold: foldVnc,
};
