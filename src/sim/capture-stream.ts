import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LinkType } from '../capture/link-type.js';
import { PcapngWriter } from '../capture/pcapng-writer.js';

/** Bytes gathered before a write: large enough to be cheap, small enough to keep memory flat. */
const flushBytes = 4 * 1024 * 1024;

/**
 * Writes Ethernet frames to a pcapng file as they are made, in time order: a frame stamped
 * earlier than the last one written is moved to just after it, so conversations written one
 * after another never go back in time. Memory stays at one buffer however long the capture.
 */
export class CaptureStream {
  readonly #writer = new PcapngWriter();
  readonly #descriptor: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  packets = 0;
  bytes = 0;
  /** Microseconds since the epoch of the last frame written. */
  lastUs: number;

  constructor(
    readonly path: string,
    startUs: number,
  ) {
    this.lastUs = startUs;
    mkdirSync(dirname(path), { recursive: true });
    this.#descriptor = openSync(path, 'w');
    this.#push(this.#writer.sectionHeader());
    this.#push(this.#writer.interfaceDescription({ linkType: LinkType.ethernet, timestampResolution: 6 }));
  }

  /** Writes `frame` at `atUs` or just after the last frame; returns the time used. */
  write(frame: Buffer, atUs: number): number {
    const time = Math.max(Math.round(atUs), this.lastUs + 1);
    this.lastUs = time;
    this.#push(this.#writer.enhancedPacket(0, frame, Math.floor(time / 1e6), (time % 1e6) * 1000));
    this.packets += 1;
    this.bytes += frame.length;
    return time;
  }

  close(): void {
    this.#flush();
    closeSync(this.#descriptor);
  }

  #push(block: Buffer): void {
    this.#pending.push(block);
    this.#pendingBytes += block.length;
    if (this.#pendingBytes >= flushBytes) this.#flush();
  }

  #flush(): void {
    if (this.#pendingBytes > 0) writeSync(this.#descriptor, Buffer.concat(this.#pending, this.#pendingBytes));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
