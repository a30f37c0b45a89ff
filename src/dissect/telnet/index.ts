import { printableText } from '../../observe/printable-text.js';
import { defaultCredentialOf } from '../default-credentials.js';
import type { Protocol } from '../protocol.js';
import {
  connectionFacts,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { maxBannerLines, maxLoginAttempts, passwordPrompt, rejection, usernamePrompt } from './consts.js';
import { isTelnetStart } from './detect.js';
import { foldTelnet } from './fold.js';
import type { TelnetBannerObservation, TelnetLoginObservation } from './observation.js';
import { TelnetText } from './telnet-text.js';

type LoginState =
  | 'banner'
  | 'awaiting-username'
  | 'awaiting-password-prompt'
  | 'awaiting-password'
  | 'awaiting-verdict'
  | 'done';

/**
 * Telnet (RFC 854): the server's banner and login prompt (which often name the host and its
 * system), and a login in clear: the user name, that a password was sent, and whether the server
 * refused it, for each try. The password line is never kept. After an accepted login the session
 * is not read.
 */
export const telnetDissector: StreamDissector = {
  protocol: 'telnet',
  detect: isTelnetStart,
  createHandler: (endpoints) => new TelnetConnection(endpoints),
};

class TelnetConnection implements StreamHandler {
  readonly #text: [TelnetText, TelnetText] = [new TelnetText(), new TelnetText()];
  #state: LoginState = 'banner';
  readonly #bannerLines: string[] = [];
  #username: string | undefined;
  #isPasswordSent = false;
  #defaultCredential: string | undefined;
  /** A prompt already acted on while unfinished; its line end must not act on it again. */
  #promptSeenPending: string | undefined;
  #attempts = 0;

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    if (this.#state === 'done') return;
    const text = this.#text[isFromInitiator ? 0 : 1];
    if (isFromInitiator) {
      text.push(data, offset, length, (line) => this.#readClientLine(line));
      return;
    }
    text.push(data, offset, length, (line) => this.#readServerLine(line, context));
    const pending = text.takeChangedPendingLine();
    if (pending !== undefined && this.#readPrompt(pending, context)) this.#promptSeenPending = pending;
  }

  onGap(): void {
    this.#state = 'done';
  }

  #readServerLine(line: string, context: StreamContext): void {
    const wasSeen = line === this.#promptSeenPending;
    this.#promptSeenPending = undefined;
    if (wasSeen || this.#readPrompt(line, context) || line.trim() === '') return;
    if (this.#state === 'banner' && this.#bannerLines.length < maxBannerLines)
      this.#bannerLines.push(line.trim());
    else if (this.#state === 'awaiting-verdict') this.#emitLogin(!rejection.test(line), context);
  }

  /** Reacts to a prompt; true when `text` was one. */
  #readPrompt(text: string, context: StreamContext): boolean {
    const username = usernamePrompt.exec(text);
    if (username !== null) {
      if (this.#state === 'awaiting-verdict') this.#emitLogin(false, context);
      else if (this.#state === 'banner') this.#emitBanner(text, username.groups?.host, context);
      if (this.#state !== 'done') this.#state = 'awaiting-username';
      return true;
    }
    if (!passwordPrompt.test(text)) return false;
    // Whatever was expected, the next line typed after a password prompt is a password: some
    // devices ask for one alone, and login(1) asks for it after an empty name.
    if (this.#state !== 'awaiting-verdict' && this.#state !== 'done') this.#state = 'awaiting-password';
    return true;
  }

  #readClientLine(line: string): void {
    if (this.#state === 'awaiting-username' && line.trim() !== '') {
      this.#username = printableText(line.trim(), 128);
      this.#state = 'awaiting-password-prompt';
    } else if (this.#state === 'awaiting-password') {
      // Only the fact that a password went out in clear is kept, and whether it was a factory default.
      this.#isPasswordSent = true;
      this.#defaultCredential = defaultCredentialOf(this.#username, line.trim());
      this.#state = 'awaiting-verdict';
    }
  }

  #emitBanner(prompt: string, host: string | undefined, context: StreamContext): void {
    context.emit({
      kind: 'telnet.banner',
      ...connectionFacts(this.endpoints, context),
      banner: this.#bannerLines.length > 0 ? printableText(this.#bannerLines.join(' | '), 512) : undefined,
      loginPrompt: printableText(prompt.trim(), 128),
      promptHostname: host === undefined ? undefined : printableText(host, 64),
    });
  }

  #emitLogin(isAccepted: boolean, context: StreamContext): void {
    context.emit({
      kind: 'telnet.login',
      ...connectionFacts(this.endpoints, context),
      username: this.#username,
      isPasswordSent: this.#isPasswordSent,
      isAccepted,
      defaultCredential: this.#defaultCredential,
    });
    this.#attempts += 1;
    // A refused login is prompted for again (login(1) allows several tries per connection, and
    // a guesser uses them all): each try is reported. An accepted one ends what is read.
    this.#state = isAccepted || this.#attempts >= maxLoginAttempts ? 'done' : 'awaiting-username';
    this.#username = undefined;
    this.#isPasswordSent = false;
    this.#defaultCredential = undefined;
  }
}

/** Telnet: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const telnetProtocol: Protocol<TelnetBannerObservation | TelnetLoginObservation> = {
  name: 'telnet',
  streamDissector: telnetDissector,
  kinds: ['telnet.banner', 'telnet.login'],
  fold: foldTelnet,
};
