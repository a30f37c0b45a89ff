import { maxLineLength, TelnetByte } from './consts.js';

/**
 * Turns one direction of a telnet connection into text lines: option negotiation and
 * subnegotiation (RFC 854, RFC 855) are removed, `IAC IAC` is a literal 0xff, and a line ends at
 * CR or LF (telnet sends CR LF or CR NUL). The unfinished line is kept: prompts have no line end.
 */
export class TelnetText {
  #state: 'data' | 'iac' | 'option' | 'subnegotiation' | 'subnegotiation-iac' = 'data';
  #line = '';
  #isLineChanged = false;

  /**
   * The text received since the last line end (a prompt waiting for input, say), if it changed
   * since last asked: a prompt is reported once, however many empty segments follow it.
   */
  takeChangedPendingLine(): string | undefined {
    if (!this.#isLineChanged || this.#line === '') return undefined;
    this.#isLineChanged = false;
    return this.#line;
  }

  push(data: Buffer, offset: number, length: number, onLine: (line: string) => void): void {
    for (let at = offset; at < offset + length; at += 1) {
      const byte = data[at]!;
      switch (this.#state) {
        case 'data':
          if (byte === TelnetByte.iac) this.#state = 'iac';
          else this.#addByte(byte, onLine);
          break;
        case 'iac':
          if (byte === TelnetByte.iac) {
            this.#state = 'data';
            this.#addByte(byte, onLine);
          } else if (byte >= TelnetByte.will) this.#state = 'option';
          else if (byte === TelnetByte.sb) this.#state = 'subnegotiation';
          else this.#state = 'data';
          break;
        case 'option':
          this.#state = 'data';
          break;
        case 'subnegotiation':
          if (byte === TelnetByte.iac) this.#state = 'subnegotiation-iac';
          break;
        case 'subnegotiation-iac':
          this.#state = byte === TelnetByte.se ? 'data' : 'subnegotiation';
          break;
      }
    }
  }

  #addByte(byte: number, onLine: (line: string) => void): void {
    if (byte === 0x0d || byte === 0x0a) {
      const line = this.#line;
      this.#line = '';
      this.#isLineChanged = false;
      // CR LF is one line end, not an empty line after each line.
      if (line !== '' || byte === 0x0d) onLine(line);
      return;
    }
    // NUL follows a bare CR; other control bytes (bells, escapes) carry no text.
    if (byte < 0x20 || byte === 0x7f) return;
    if (this.#line.length < maxLineLength) {
      this.#line += String.fromCharCode(byte);
      this.#isLineChanged = true;
    }
  }
}
