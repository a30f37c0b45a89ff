import type { NetworkEndpoint } from '../../observe/observation.js';
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
import { ChunkedBodySkipper } from './chunked-body.js';
import { maxHeaderBlockBytes } from './consts.js';
import { isHttpStart } from './detect.js';
import { foldHttp } from './fold.js';
import { cleanHeaderValue, type HeaderBlock, parseHeaderBlock } from './header-block.js';
import type { HttpRequestObservation, HttpResponseObservation } from './observation.js';

const headerEnd = Buffer.from('\r\n\r\n');
/** The fields the observations and body framing use; others are not turned into strings. */
const wantedFields = [
  'host',
  'user-agent',
  'authorization',
  'server',
  'www-authenticate',
  'content-length',
  'transfer-encoding',
];

/** Where the header terminator starts in `data[at, end)`, relative to `at`; -1 when it is not there. */
function indexWithin(data: Buffer, at: number, end: number): number {
  // `data` may hold megabytes of other packets after `end`: search the segment's view only.
  return data.subarray(at, end).indexOf(headerEnd);
}

function parseWanted(block: Buffer): HeaderBlock | undefined {
  return parseHeaderBlock(block, 0, block.length - headerEnd.length, wantedFields);
}

/** Where one direction of a connection is in the message sequence. */
type DirectionState =
  | { mode: 'headers'; pending: Buffer[]; pendingBytes: number }
  | { mode: 'body'; remainingBytes: number }
  | { mode: 'chunked'; body: ChunkedBodySkipper }
  /** Bodies delimited by close, gaps and garbage: nothing more is parsed this way. */
  | { mode: 'stopped' };

/**
 * HTTP/1.x (RFC 9110, 9112) over reassembled TCP, on any port. Reads request lines and headers
 * from the client (method, Host, User-Agent, whether Basic credentials were sent) and status lines
 * and headers from the server (status, Server, whether it asks for Basic authentication), skipping
 * bodies by Content-Length or chunk by chunk so that keep-alive connections are followed.
 */
export const httpDissector: StreamDissector = {
  protocol: 'http',
  detect: isHttpStart,
  createHandler: (endpoints) => new HttpConnection(endpoints),
};

class HttpConnection implements StreamHandler {
  readonly #directions: [DirectionState, DirectionState] = [
    { mode: 'headers', pending: [], pendingBytes: 0 },
    { mode: 'headers', pending: [], pendingBytes: 0 },
  ];

  /** Shared by every message of the connection: keep-alive connections carry hundreds. */
  readonly #client: NetworkEndpoint;
  readonly #server: NetworkEndpoint;

  constructor(readonly endpoints: StreamEndpoints) {
    this.#client = initiatorOf(endpoints);
    this.#server = responderOf(endpoints);
  }

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
    while (at < end) {
      const state = this.#directions[index];
      if (state.mode === 'stopped') return;
      if (state.mode === 'chunked') {
        const result = state.body.consume(data, at, end);
        if (result === undefined) {
          context.counters.countMalformed('http');
          this.#directions[index] = { mode: 'stopped' };
          return;
        }
        at = result.next;
        if (result.isDone) this.#directions[index] = { mode: 'headers', pending: [], pendingBytes: 0 };
        continue;
      }
      if (state.mode === 'body') {
        const skipped = Math.min(state.remainingBytes, end - at);
        state.remainingBytes -= skipped;
        at += skipped;
        if (state.remainingBytes === 0)
          this.#directions[index] = { mode: 'headers', pending: [], pendingBytes: 0 };
        continue;
      }
      const consumed = this.#readHeaders(state, isFromInitiator, data, at, end, context);
      if (consumed < 0) return;
      at = consumed;
    }
  }

  onGap(isFromInitiator: boolean): void {
    this.#directions[isFromInitiator ? 0 : 1] = { mode: 'stopped' };
  }

  /** Accumulates header bytes; on a complete block, emits and sets up the body. Returns where reading continues, or -1. */
  #readHeaders(
    state: Extract<DirectionState, { mode: 'headers' }>,
    isFromInitiator: boolean,
    data: Buffer,
    at: number,
    end: number,
    context: StreamContext,
  ): number {
    const index = isFromInitiator ? 0 : 1;
    // Search the tail of what is held plus the new bytes, so a terminator split across segments is found.
    const held = state.pendingBytes > 0 ? Buffer.concat(state.pending) : undefined;
    const found = held
      ? Buffer.concat([held.subarray(Math.max(0, held.length - 3)), data.subarray(at, end)]).indexOf(
          headerEnd,
        )
      : indexWithin(data, at, end);
    if (found < 0) {
      if (state.pendingBytes + (end - at) > maxHeaderBlockBytes) {
        context.counters.countMalformed('http');
        this.#directions[index] = { mode: 'stopped' };
        return -1;
      }
      state.pending.push(Buffer.from(data.subarray(at, end)));
      state.pendingBytes += end - at;
      return end;
    }
    const heldTail = held ? Math.min(3, held.length) : 0;
    const blockEndInData = at + found - heldTail + headerEnd.length;
    // Most blocks arrive whole in one segment: they are parsed in place, without a copy.
    const parsed = held
      ? parseWanted(Buffer.concat([held, data.subarray(at, blockEndInData)]))
      : parseHeaderBlock(data, at, blockEndInData - headerEnd.length, wantedFields);
    if (parsed === undefined) {
      context.counters.countMalformed('http');
      this.#directions[index] = { mode: 'stopped' };
      return -1;
    }
    const bodyBytes = isFromInitiator ? this.#onRequest(parsed, context) : this.#onResponse(parsed, context);
    if (bodyBytes === undefined) this.#directions[index] = { mode: 'stopped' };
    else if (bodyBytes === 'chunked')
      this.#directions[index] = { mode: 'chunked', body: new ChunkedBodySkipper() };
    else if (bodyBytes > 0) this.#directions[index] = { mode: 'body', remainingBytes: bodyBytes };
    else this.#directions[index] = { mode: 'headers', pending: [], pendingBytes: 0 };
    return blockEndInData;
  }

  /** Emits the request; returns its body length, `chunked`, or undefined when it cannot be followed. */
  #onRequest(block: HeaderBlock, context: StreamContext): number | 'chunked' | undefined {
    const method = block.startLine.split(' ', 1)[0]!;
    const authorization = block.fields.get('authorization');
    context.emit({
      kind: 'http.request',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#client,
      server: this.#server,
      method: cleanHeaderValue(method, 16)!,
      host: cleanHeaderValue(block.fields.get('host')),
      userAgent: cleanHeaderValue(block.fields.get('user-agent')),
      hasBasicAuthorization: authorization !== undefined && /^basic\s/i.test(authorization),
    });
    return bodyLength(block, false);
  }

  #onResponse(block: HeaderBlock, context: StreamContext): number | 'chunked' | undefined {
    const statusCode = Number(block.startLine.split(' ', 3)[1]);
    if (!Number.isInteger(statusCode)) {
      context.counters.countMalformed('http');
      return undefined;
    }
    context.emit({
      kind: 'http.response',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#client,
      server: this.#server,
      statusCode,
      serverSoftware: cleanHeaderValue(block.fields.get('server')),
      isBasicAuthenticationRequested: /(^|,)\s*basic\b/i.test(block.fields.get('www-authenticate') ?? ''),
    });
    // RFC 9112 §6.3: these responses never have a body.
    if ((statusCode >= 100 && statusCode < 200) || statusCode === 204 || statusCode === 304) return 0;
    return bodyLength(block, true);
  }
}

/**
 * RFC 9112 §6.3: a chunked body is passed over chunk by chunk; a close-delimited one cannot be
 * followed (undefined); otherwise Content-Length, or none for a request without it.
 */
function bodyLength(block: HeaderBlock, isResponse: boolean): number | 'chunked' | undefined {
  const transferCoding = block.fields.get('transfer-encoding');
  // Chunked must be the final coding (RFC 9112 §6.1); another final coding means close-delimited.
  if (transferCoding !== undefined)
    return /(^|,)\s*chunked\s*$/i.test(transferCoding) ? 'chunked' : undefined;
  const contentLength = block.fields.get('content-length');
  if (contentLength === undefined) return isResponse ? undefined : 0;
  const length = Number(contentLength);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** HTTP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const httpProtocol: Protocol<HttpRequestObservation | HttpResponseObservation> = {
  name: 'http',
  streamDissector: httpDissector,
  kinds: ['http.request', 'http.response'],
  fold: foldHttp,
};
