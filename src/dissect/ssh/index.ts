import type { NetworkEndpoint } from '../../observe/observation.js';
import { printableText } from '../../observe/printable-text.js';
import { evidenceOf } from '../dissector.js';
import type { StreamContext, StreamDissector, StreamEndpoints, StreamHandler } from '../stream-dissector.js';
import { parseSshBanner } from './banner.js';
import { isSshStart } from './detect.js';

/** RFC 4253 §4.2: the identification line is at most 255 bytes; a server may send other lines first. */
const maxLineBytes = 255;
const maxLinesBeforeBanner = 10;

interface DirectionState {
  line: Buffer;
  linesSeen: number;
  isDone: boolean;
}

/**
 * SSH (RFC 4253): the identification string each side sends in clear before key exchange names
 * its software and often its operating system (`SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`).
 * Everything after it is encrypted and ignored.
 */
export const sshDissector: StreamDissector = {
  protocol: 'ssh',
  detect: isSshStart,
  createHandler: (endpoints) => new SshConnection(endpoints),
};

class SshConnection implements StreamHandler {
  readonly #directions: [DirectionState, DirectionState] = [
    { line: Buffer.alloc(0), linesSeen: 0, isDone: false },
    { line: Buffer.alloc(0), linesSeen: 0, isDone: false },
  ];

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const state = this.#directions[isFromInitiator ? 0 : 1];
    let at = offset;
    const end = offset + length;
    while (!state.isDone && at < end) {
      const newline = data.indexOf(0x0a, at);
      const lineEnd = newline < 0 || newline >= end ? end : newline;
      state.line = Buffer.concat([state.line, data.subarray(at, lineEnd)]);
      at = lineEnd + 1;
      if (state.line.length > maxLineBytes) {
        state.isDone = true;
        context.counters.countMalformed('ssh');
        return;
      }
      if (lineEnd === end) return;
      this.#readLine(state, isFromInitiator, context);
    }
  }

  onGap(isFromInitiator: boolean): void {
    this.#directions[isFromInitiator ? 0 : 1].isDone = true;
  }

  #readLine(state: DirectionState, isFromInitiator: boolean, context: StreamContext): void {
    let text = state.line.toString('latin1');
    state.line = Buffer.alloc(0);
    state.linesSeen += 1;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const banner = text.startsWith('SSH-') ? parseSshBanner(printableText(text, maxLineBytes)) : undefined;
    if (banner === undefined) {
      if (text.startsWith('SSH-') || state.linesSeen >= maxLinesBeforeBanner) {
        state.isDone = true;
        context.counters.countMalformed('ssh');
      }
      return;
    }
    state.isDone = true;
    context.emit({
      kind: 'ssh.banner',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#endpoint(true),
      server: this.#endpoint(false),
      isFromServer: !isFromInitiator,
      ...banner,
    });
  }

  #endpoint(isInitiator: boolean): NetworkEndpoint {
    const endpoints = this.endpoints;
    return isInitiator
      ? { ip: endpoints.initiatorIp, port: endpoints.initiatorPort, mac: endpoints.initiatorMac }
      : { ip: endpoints.responderIp, port: endpoints.responderPort, mac: endpoints.responderMac };
  }
}
