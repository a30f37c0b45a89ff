import { printableText } from '../../observe/printable-text.js';
import { defaultCredentialOf } from '../default-credentials.js';
import { LineSplitter } from '../line-splitter.js';
import type { Protocol } from '../protocol.js';
import {
  connectionFacts,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { isFtpStart } from './detect.js';
import { foldFtp } from './fold.js';
import type { FtpGreetingObservation, FtpLoginObservation } from './observation.js';

/** Longest control line accepted (RFC 959 sets none; real ones are short). */
const maxLineBytes = 1024;
const anonymousUsers = new Set(['anonymous', 'ftp']);

/**
 * FTP control connections (RFC 959): the server's greeting names its software; a login is
 * reported with the user name and whether a password was sent and accepted. The password itself
 * is never read into anything that outlives the line.
 */
export const ftpDissector: StreamDissector = {
  protocol: 'ftp',
  detect: isFtpStart,
  createHandler: (endpoints) => new FtpConnection(endpoints),
};

class FtpConnection implements StreamHandler {
  readonly #lines: [LineSplitter, LineSplitter] = [
    new LineSplitter(maxLineBytes),
    new LineSplitter(maxLineBytes),
  ];
  #username: string | undefined;
  #isPasswordSent = false;
  #defaultCredential: string | undefined;
  #isAwaitingLoginReply = false;
  #hasGreeting = false;
  readonly #greetingLines: string[] = [];

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
      isFromInitiator ? this.#readCommand(line) : this.#readReply(line, context),
    );
    if (!isWithinBound) context.counters.countMalformed('ftp');
  }

  onGap(isFromInitiator: boolean): void {
    this.#lines[isFromInitiator ? 0 : 1].stop();
  }

  #readCommand(line: string): void {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    if (verb === 'USER') {
      this.#username = printableText(line.slice(space + 1).trim(), 128);
      this.#isPasswordSent = false;
      this.#defaultCredential = undefined;
      this.#isAwaitingLoginReply = true;
    } else if (verb === 'PASS') {
      // Only the fact that a password went out in clear is kept, and whether it was a factory default.
      this.#isPasswordSent = true;
      this.#defaultCredential = defaultCredentialOf(this.#username, space < 0 ? '' : line.slice(space + 1));
      this.#isAwaitingLoginReply = true;
    }
  }

  #readReply(line: string, context: StreamContext): void {
    const code = Number(line.slice(0, 3));
    if (!Number.isInteger(code) || line.length < 3) {
      context.counters.countMalformed('ftp');
      this.#lines[1].stop();
      return;
    }
    const isFinalLine = line[3] !== '-';
    if (code === 220 && !this.#hasGreeting) {
      // A greeting may span lines (`220-…` then `220 …`, RFC 959 §4.2); the software is often on the last.
      this.#greetingLines.push(line.slice(4).trim());
      if (!isFinalLine) return;
      this.#hasGreeting = true;
      context.emit({
        kind: 'ftp.greeting',
        ...connectionFacts(this.endpoints, context),
        greeting: printableText(this.#greetingLines.join(' '), 256),
      });
      return;
    }
    // 230 logged in, 530 not logged in; 331/332 ask for the password or account (RFC 959 §5.4).
    if (
      !isFinalLine ||
      !this.#isAwaitingLoginReply ||
      this.#username === undefined ||
      (code !== 230 && code !== 530)
    )
      return;
    this.#isAwaitingLoginReply = false;
    context.emit({
      kind: 'ftp.login',
      ...connectionFacts(this.endpoints, context),
      username: this.#username,
      isAnonymous: anonymousUsers.has(this.#username.toLowerCase()),
      isPasswordSent: this.#isPasswordSent,
      isAccepted: code === 230,
      defaultCredential: this.#defaultCredential,
    });
  }
}

/** FTP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const ftpProtocol: Protocol<FtpGreetingObservation | FtpLoginObservation> = {
  name: 'ftp',
  streamDissector: ftpDissector,
  kinds: ['ftp.greeting', 'ftp.login'],
  fold: foldFtp,
};
