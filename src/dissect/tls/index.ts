import { evidenceOf } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { readLeafCertificate } from './certificate.js';
import {
  isDeprecatedTlsVersion,
  maxHandshakeBytes,
  TlsContentType,
  TlsHandshakeType,
  tlsVersionNames,
} from './consts.js';
import { isTlsStart } from './detect.js';
import { ja3, ja3s, ja4 } from './fingerprints.js';
import { foldTls } from './fold.js';
import { parseClientHello, parseServerHello } from './hello.js';
import type {
  TlsCertificateObservation,
  TlsClientHelloObservation,
  TlsServerHelloObservation,
} from './observation.js';

/** Largest record a peer may send (RFC 8446 §5.2: 2^14 plus expansion). */
const maxRecordBytes = 16_384 + 2_048;

interface DirectionState {
  /** Bytes not yet formed into a whole record. */
  records: Buffer;
  /** Handshake bytes not yet formed into a whole message. */
  handshake: Buffer;
  /** Set once the direction turns encrypted or unreadable: nothing more is parsed. */
  isDone: boolean;
}

/**
 * TLS over reassembled TCP, on any port: the ClientHello (SNI, ALPN, offered versions, JA3, JA4),
 * the ServerHello (chosen version and cipher, JA3S) and, up to TLS 1.2, the server certificate.
 * Parsing of a direction stops at ChangeCipherSpec or application data: the rest is encrypted.
 */
export const tlsDissector: StreamDissector = {
  protocol: 'tls',
  detect: isTlsStart,
  createHandler: (endpoints) => new TlsConnection(endpoints),
};

class TlsConnection implements StreamHandler {
  readonly #directions: [DirectionState, DirectionState] = [newDirection(), newDirection()];

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const state = this.#directions[isFromInitiator ? 0 : 1];
    if (state.isDone) return;
    state.records = Buffer.concat([state.records, data.subarray(offset, offset + length)]);
    while (!state.isDone && state.records.length >= 5) {
      const type = state.records[0]!;
      const recordLength = state.records.readUInt16BE(3);
      if (state.records[1] !== 3 || recordLength > maxRecordBytes) {
        this.#fail(state, context);
        return;
      }
      if (state.records.length < 5 + recordLength) return;
      const fragment = state.records.subarray(5, 5 + recordLength);
      state.records = state.records.subarray(5 + recordLength);
      if (type === TlsContentType.handshake) this.#readHandshake(state, fragment, isFromInitiator, context);
      else if (type === TlsContentType.changeCipherSpec || type === TlsContentType.applicationData)
        state.isDone = true;
      else if (type !== TlsContentType.alert) {
        this.#fail(state, context);
        return;
      }
    }
  }

  onGap(isFromInitiator: boolean): void {
    this.#directions[isFromInitiator ? 0 : 1].isDone = true;
  }

  #readHandshake(
    state: DirectionState,
    fragment: Buffer,
    isFromInitiator: boolean,
    context: StreamContext,
  ): void {
    state.handshake = Buffer.concat([state.handshake, fragment]);
    if (state.handshake.length > maxHandshakeBytes) {
      this.#fail(state, context);
      return;
    }
    while (state.handshake.length >= 4) {
      const messageType = state.handshake[0]!;
      const messageLength = state.handshake.readUIntBE(1, 3);
      if (state.handshake.length < 4 + messageLength) return;
      const body = state.handshake;
      this.#readMessage(messageType, body, 4, 4 + messageLength, isFromInitiator, context);
      state.handshake = state.handshake.subarray(4 + messageLength);
    }
  }

  #readMessage(
    type: number,
    data: Buffer,
    start: number,
    end: number,
    isFromInitiator: boolean,
    context: StreamContext,
  ): void {
    const base = {
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: initiatorOf(this.endpoints),
      server: responderOf(this.endpoints),
    };
    if (isFromInitiator && type === TlsHandshakeType.clientHello) {
      const hello = parseClientHello(data, start, end);
      if (hello === undefined) {
        context.counters.countMalformed('tls');
        return;
      }
      const versions = hello.supportedVersions.length > 0 ? hello.supportedVersions : [hello.legacyVersion];
      context.emit({
        kind: 'tls.client-hello',
        ...base,
        serverName: hello.serverName,
        alpn: hello.alpn,
        offeredVersions: versions
          .filter((version) => tlsVersionNames[version] !== undefined)
          .map((version) => tlsVersionNames[version]!),
        ja3: ja3(hello).hash,
        ja4: ja4(hello),
      });
    } else if (!isFromInitiator && type === TlsHandshakeType.serverHello) {
      const hello = parseServerHello(data, start, end);
      if (hello === undefined) {
        context.counters.countMalformed('tls');
        return;
      }
      context.emit({
        kind: 'tls.server-hello',
        ...base,
        version:
          tlsVersionNames[hello.selectedVersion] ??
          `0x${hello.selectedVersion.toString(16).padStart(4, '0')}`,
        isDeprecatedVersion: isDeprecatedTlsVersion(hello.selectedVersion),
        cipherSuite: hello.cipherSuite,
        ja3s: ja3s(hello).hash,
      });
    } else if (!isFromInitiator && type === TlsHandshakeType.certificate) {
      const certificate = readLeafCertificate(data, start, end);
      if (certificate === undefined) {
        context.counters.countMalformed('tls');
        return;
      }
      context.emit({ kind: 'tls.certificate', ...base, ...certificate });
    }
  }

  #fail(state: DirectionState, context: StreamContext): void {
    state.isDone = true;
    context.counters.countMalformed('tls');
  }
}

function newDirection(): DirectionState {
  return { records: Buffer.alloc(0), handshake: Buffer.alloc(0), isDone: false };
}

/** TLS: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const tlsProtocol: Protocol<
  TlsClientHelloObservation | TlsServerHelloObservation | TlsCertificateObservation
> = {
  name: 'tls',
  streamDissector: tlsDissector,
  kinds: ['tls.client-hello', 'tls.server-hello', 'tls.certificate'],
  fold: foldTls,
};
