import { ethernetFrame, ipv4Packet, tcpSegment, udpDatagram } from '../decode/encode-frame.js';
import { TcpFlag } from '../decode/packet-view.js';
import type { CaptureStream } from './capture-stream.js';
import type { SeededRandom } from './random.js';

/** One end of a conversation on the wire. */
export interface Endpoint {
  mac: string;
  ip: string;
  port: number;
}

/** A UDP datagram from `source` to `destination`, written at `atUs`; returns the time used. */
export function writeUdp(
  stream: CaptureStream,
  source: Endpoint,
  destination: Endpoint,
  payload: Buffer,
  atUs: number,
  destinationMac = destination.mac,
): number {
  const udp = udpDatagram(source.port, destination.port, source.ip, destination.ip, payload);
  const ip = ipv4Packet(
    { source: source.ip, destination: destination.ip, protocol: 17, timeToLive: 64 },
    udp,
  );
  return stream.write(
    ethernetFrame({ source: source.mac, destination: destinationMac, etherType: 0x0800 }, ip),
    atUs,
  );
}

/** Largest TCP payload per segment: Ethernet's 1500-byte MTU less IPv4 and TCP headers. */
const maximumSegment = 1460;

/**
 * A TCP connection as the wire shows it: three-way handshake, data in segments of at most one
 * MSS each acknowledged by the other side, and FIN teardown, with sequence numbers from random
 * initial values and correct checksums. Each packet follows the last by a few hundred
 * microseconds, as on a LAN.
 */
export class TcpConversation {
  #clientSequence: number;
  #serverSequence: number;
  #atUs: number;

  constructor(
    readonly stream: CaptureStream,
    readonly client: Endpoint,
    readonly server: Endpoint,
    readonly random: SeededRandom,
    startUs: number,
  ) {
    this.#clientSequence = random.below(0xffffffff);
    this.#serverSequence = random.below(0xffffffff);
    this.#atUs = startUs;
  }

  /** The time of the last packet written. */
  get atUs(): number {
    return this.#atUs;
  }

  open(): this {
    this.#segment(true, TcpFlag.syn, Buffer.alloc(0));
    this.#segment(false, TcpFlag.syn | TcpFlag.ack, Buffer.alloc(0));
    this.#segment(true, TcpFlag.ack, Buffer.alloc(0));
    return this;
  }

  send(fromClient: boolean, payload: Buffer): this {
    for (let at = 0; at < payload.length; at += maximumSegment) {
      this.#segment(fromClient, TcpFlag.psh | TcpFlag.ack, payload.subarray(at, at + maximumSegment));
      this.#segment(!fromClient, TcpFlag.ack, Buffer.alloc(0));
    }
    return this;
  }

  close(): void {
    this.#segment(true, TcpFlag.fin | TcpFlag.ack, Buffer.alloc(0));
    this.#segment(false, TcpFlag.fin | TcpFlag.ack, Buffer.alloc(0));
    this.#segment(true, TcpFlag.ack, Buffer.alloc(0));
  }

  #segment(fromClient: boolean, flags: number, payload: Buffer): void {
    const [source, destination] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const sequence = fromClient ? this.#clientSequence : this.#serverSequence;
    const acknowledgement =
      flags & TcpFlag.ack ? (fromClient ? this.#serverSequence : this.#clientSequence) : 0;
    const tcp = tcpSegment(
      {
        sourcePort: source.port,
        destinationPort: destination.port,
        flags,
        sequence,
        acknowledgement,
        window: 64_240,
      },
      source.ip,
      destination.ip,
      payload,
    );
    const ip = ipv4Packet(
      { source: source.ip, destination: destination.ip, protocol: 6, timeToLive: 64 },
      tcp,
    );
    this.#atUs = this.stream.write(
      ethernetFrame({ source: source.mac, destination: destination.mac, etherType: 0x0800 }, ip),
      this.#atUs + 50 + this.random.below(400),
    );
    const advance = payload.length + (flags & (TcpFlag.syn | TcpFlag.fin) ? 1 : 0);
    if (fromClient) this.#clientSequence = (this.#clientSequence + advance) >>> 0;
    else this.#serverSequence = (this.#serverSequence + advance) >>> 0;
  }
}
