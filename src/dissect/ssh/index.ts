import { printableText } from '../../observe/printable-text.js';
import { evidenceOf } from '../dissector.js';
import { LineSplitter } from '../line-splitter.js';
import type { Protocol } from '../protocol.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { parseSshBanner } from './banner.js';
import { isSshStart } from './detect.js';
import { foldSsh } from './fold.js';
import type { SshBannerObservation } from './observation.js';

/** RFC 4253 §4.2: the identification line is at most 255 bytes; a server may send other lines first. */
const maxLineBytes = 255;
const maxLinesBeforeBanner = 10;

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
  readonly #lines: [LineSplitter, LineSplitter] = [
    new LineSplitter(maxLineBytes),
    new LineSplitter(maxLineBytes),
  ];
  readonly #linesSeen: [number, number] = [0, 0];

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const lines = this.#lines[isFromInitiator ? 0 : 1];
    const isWithinBound = lines.push(data, offset, length, (line) =>
      this.#readLine(line, isFromInitiator, context),
    );
    if (!isWithinBound) context.counters.countMalformed('ssh');
  }

  onGap(isFromInitiator: boolean): void {
    this.#lines[isFromInitiator ? 0 : 1].stop();
  }

  #readLine(line: string, isFromInitiator: boolean, context: StreamContext): void {
    const index = isFromInitiator ? 0 : 1;
    this.#linesSeen[index] += 1;
    const banner = line.startsWith('SSH-') ? parseSshBanner(printableText(line, maxLineBytes)) : undefined;
    if (banner === undefined) {
      if (line.startsWith('SSH-') || this.#linesSeen[index] >= maxLinesBeforeBanner) {
        this.#lines[index].stop();
        context.counters.countMalformed('ssh');
      }
      return;
    }
    // Key exchange follows in binary: nothing more to read as lines.
    this.#lines[index].stop();
    context.emit({
      kind: 'ssh.banner',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: initiatorOf(this.endpoints),
      server: responderOf(this.endpoints),
      isFromServer: !isFromInitiator,
      ...banner,
    });
  }
}

/** SSH: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const sshProtocol: Protocol<SshBannerObservation> = {
  name: 'ssh',
  streamDissector: sshDissector,
  kinds: ['ssh.banner'],
  fold: foldSsh,
};
