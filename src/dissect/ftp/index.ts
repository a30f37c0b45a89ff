import type { NetworkEndpoint } from '../../observe/observation.js';
import { printableText } from '../../observe/printable-text.js';
import { evidenceOf } from '../dissector.js';
import type { StreamContext, StreamDissector, StreamEndpoints, StreamHandler } from '../stream-dissector.js';
import { isFtpStart } from './detect.js';

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
  readonly #lines: [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];
  readonly #isStopped: [boolean, boolean] = [false, false];
  #username: string | undefined;
  #isPasswordSent = false;
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
    const index = isFromInitiator ? 0 : 1;
    let at = offset;
    const end = offset + length;
    while (!this.#isStopped[index] && at < end) {
      const newline = data.indexOf(0x0a, at);
      const lineEnd = newline < 0 || newline >= end ? end : newline;
      this.#lines[index] = Buffer.concat([this.#lines[index], data.subarray(at, lineEnd)]);
      at = lineEnd + 1;
      if (this.#lines[index].length > maxLineBytes) {
        this.#isStopped[index] = true;
        context.counters.countMalformed('ftp');
        return;
      }
      if (lineEnd === end) return;
      const line = this.#lines[index].toString('latin1').replace(/\r$/, '');
      this.#lines[index] = Buffer.alloc(0);
      if (isFromInitiator) this.#readCommand(line);
      else this.#readReply(line, context);
    }
  }

  onGap(isFromInitiator: boolean): void {
    this.#isStopped[isFromInitiator ? 0 : 1] = true;
  }

  #readCommand(line: string): void {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    if (verb === 'USER') {
      this.#username = printableText(line.slice(space + 1).trim(), 128);
      this.#isPasswordSent = false;
      this.#isAwaitingLoginReply = true;
    } else if (verb === 'PASS') {
      // Only the fact that a password went out in clear is kept.
      this.#isPasswordSent = true;
      this.#isAwaitingLoginReply = true;
    }
  }

  #readReply(line: string, context: StreamContext): void {
    const code = Number(line.slice(0, 3));
    if (!Number.isInteger(code) || line.length < 3) {
      context.counters.countMalformed('ftp');
      this.#isStopped[1] = true;
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
        ...this.#base(context),
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
      ...this.#base(context),
      username: this.#username,
      isAnonymous: anonymousUsers.has(this.#username.toLowerCase()),
      isPasswordSent: this.#isPasswordSent,
      isAccepted: code === 230,
    });
  }

  #base(context: StreamContext) {
    return {
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#endpoint(true),
      server: this.#endpoint(false),
    };
  }

  #endpoint(isInitiator: boolean): NetworkEndpoint {
    const endpoints = this.endpoints;
    return isInitiator
      ? { ip: endpoints.initiatorIp, port: endpoints.initiatorPort, mac: endpoints.initiatorMac }
      : { ip: endpoints.responderIp, port: endpoints.responderPort, mac: endpoints.responderMac };
  }
}
