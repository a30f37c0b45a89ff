import type { Evidence, NetworkEndpoint } from '../../observe/observation.js';
import { defaultCredentialOf } from '../default-credentials.js';
import { evidenceOf } from '../dissector.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import type {
  HttpApplication,
  HttpApplicationSession,
  HttpBody,
  HttpExchange,
  HttpRequestHead,
  HttpResponseHead,
} from './application.js';
import { BodyCapture } from './body-capture.js';
import { ChunkedBodyReader } from './chunked-body.js';
import { maxHeaderBlockBytes, maxPendingRequests } from './consts.js';
import { cleanHeaderValue, type HeaderBlock, parseHeaderBlock } from './header-block.js';

const headerEnd = Buffer.from('\r\n\r\n');

/** A message whose body is being kept for an application, and what to do with it once read. */
interface BodyTarget {
  capture: BodyCapture;
  done(body: HttpBody): void;
}

/** Where one direction of a connection is in the message sequence. */
type DirectionState =
  | { mode: 'headers'; pending: Buffer[]; pendingBytes: number }
  | { mode: 'body'; remainingBytes: number; target: BodyTarget | undefined }
  | { mode: 'chunked'; body: ChunkedBodyReader; target: BodyTarget | undefined }
  /** A response delimited by the connection's close, kept for an application. */
  | { mode: 'until-close'; target: BodyTarget }
  /** Unkept close-delimited bodies, gaps, upgrades and garbage: nothing more is parsed this way. */
  | { mode: 'stopped' };

/** How the body after a header block is delimited (RFC 9112 §6.3), and whether it is kept. */
interface BodyPlan {
  length: number | 'chunked' | 'until-close';
  target: BodyTarget | undefined;
}

/** A request waiting for its response; HTTP/1.1 answers requests in order. */
interface PendingRequest {
  head: HttpRequestHead;
  application: HttpApplication | undefined;
  body: HttpBody | undefined;
  evidence: Evidence;
  timestampMs: number;
}

function awaitingHeaders(): DirectionState {
  return { mode: 'headers', pending: [], pendingBytes: 0 };
}

/**
 * One HTTP/1.x connection: frames requests and responses in both directions, emits what HTTP
 * itself says of the two ends, pairs each response with its request, and hands the exchanges an
 * application claims (with their bodies) to that application's session.
 */
export class HttpConnection implements StreamHandler {
  readonly #directions: [DirectionState, DirectionState] = [awaitingHeaders(), awaitingHeaders()];
  readonly #requests: PendingRequest[] = [];
  readonly #sessions = new Map<HttpApplication, HttpApplicationSession>();

  /** Shared by every message of the connection: keep-alive connections carry hundreds. */
  readonly #client: NetworkEndpoint;
  readonly #server: NetworkEndpoint;

  constructor(
    readonly endpoints: StreamEndpoints,
    readonly applications: readonly HttpApplication[],
    readonly wantedFields: readonly string[],
  ) {
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
      if (state.mode === 'until-close') {
        state.target.capture.append(data, at, end);
        return;
      }
      if (state.mode === 'chunked') {
        const result = state.body.consume(data, at, end);
        if (result === undefined) {
          context.counters.countMalformed('http');
          this.#stop(index, false);
          return;
        }
        at = result.next;
        if (result.isDone) {
          state.target?.done(state.target.capture.finish(true));
          this.#directions[index] = awaitingHeaders();
        }
        continue;
      }
      if (state.mode === 'body') {
        const taken = Math.min(state.remainingBytes, end - at);
        state.target?.capture.append(data, at, at + taken);
        state.remainingBytes -= taken;
        at += taken;
        if (state.remainingBytes === 0) {
          state.target?.done(state.target.capture.finish(true));
          this.#directions[index] = awaitingHeaders();
        }
        continue;
      }
      const consumed = this.#readHeaders(state, isFromInitiator, data, at, end, context);
      if (consumed < 0) return;
      at = consumed;
    }
  }

  onGap(isFromInitiator: boolean): void {
    this.#stop(isFromInitiator ? 0 : 1, false);
  }

  /** Bodies still being read are handed over as they are, then requests never answered, then sessions end. */
  onEnd(context: StreamContext): void {
    this.#stop(0, false);
    // A body delimited by the close is complete exactly when the connection ends.
    this.#stop(1, this.#directions[1].mode === 'until-close');
    for (const request of this.#requests.splice(0)) this.#dispatchUnanswered(request, context);
    for (const session of this.#sessions.values()) session.onEnd(context);
  }

  /** Stops a direction, handing any body being kept to its message first. */
  #stop(index: number, reachedEnd: boolean): void {
    const state = this.#directions[index]!;
    if (state.mode === 'body' || state.mode === 'chunked' || state.mode === 'until-close')
      state.target?.done(state.target.capture.finish(reachedEnd));
    this.#directions[index] = { mode: 'stopped' };
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
      : // `data` may hold megabytes of other packets after `end`: search the segment's view only.
        data
          .subarray(at, end)
          .indexOf(headerEnd);
    if (found < 0) {
      if (state.pendingBytes + (end - at) > maxHeaderBlockBytes) {
        context.counters.countMalformed('http');
        this.#stop(index, false);
        return -1;
      }
      state.pending.push(Buffer.from(data.subarray(at, end)));
      state.pendingBytes += end - at;
      return end;
    }
    const heldTail = held ? Math.min(3, held.length) : 0;
    const blockEndInData = at + found - heldTail + headerEnd.length;
    // Most blocks arrive whole in one segment: they are parsed in place, without a copy.
    const block = held ? Buffer.concat([held, data.subarray(at, blockEndInData)]) : data;
    const blockStart = held ? 0 : at;
    const blockEnd = held ? block.length : blockEndInData;
    const parsed = parseHeaderBlock(block, blockStart, blockEnd - headerEnd.length, this.wantedFields);
    if (parsed === undefined) {
      context.counters.countMalformed('http');
      this.#stop(index, false);
      return -1;
    }
    const plan = isFromInitiator ? this.#onRequest(parsed, context) : this.#onResponse(parsed, context);
    this.#directions[index] = stateFor(plan);
    return blockEndInData;
  }

  /** Emits the request, queues it for its response, and plans its body. */
  #onRequest(block: HeaderBlock, context: StreamContext): BodyPlan | undefined {
    const [method = '', target = ''] = block.startLine.split(' ', 2);
    const authorization = block.fields.get('authorization');
    const evidence = evidenceOf(context.view, context);
    const timestampMs = context.view.packet.timestampMs;
    context.emit({
      kind: 'http.request',
      timestampMs,
      evidence,
      client: this.#client,
      server: this.#server,
      method: cleanHeaderValue(method, 16)!,
      host: cleanHeaderValue(block.fields.get('host')),
      userAgent: cleanHeaderValue(block.fields.get('user-agent')),
      hasBasicAuthorization: authorization !== undefined && /^basic\s/i.test(authorization),
      defaultCredential: basicDefaultCredential(authorization),
    });
    const head: HttpRequestHead = { method, target, fields: block.fields };
    const application = this.applications.find((candidate) => candidate.claims(head, undefined));
    const request: PendingRequest = { head, application, body: undefined, evidence, timestampMs };
    this.#requests.push(request);
    // A client that never reads its responses must not grow the queue without end.
    if (this.#requests.length > maxPendingRequests)
      this.#dispatchUnanswered(this.#requests.shift()!, context);
    const length = bodyLength(block, false);
    if (length === undefined) return undefined;
    if (application === undefined || length === 0) return { length, target: undefined };
    const capture = new BodyCapture(application.maxBodyBytes);
    return {
      length,
      target: {
        capture,
        done: (body) => {
          request.body = body;
        },
      },
    };
  }

  /** Emits the response, pairs it with its request and plans its body, kept when an application claims the exchange. */
  #onResponse(block: HeaderBlock, context: StreamContext): BodyPlan | undefined {
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
    // After 101 the connection speaks another protocol (a WebSocket, say).
    if (statusCode === 101) return undefined;
    // Other 1xx responses are interim: the final response to the same request follows.
    if (statusCode >= 100 && statusCode < 200) return { length: 0, target: undefined };
    const request = this.#requests.shift();
    // RFC 9112 §6.3: responses to HEAD, 204 and 304 never have a body.
    const hasNoBody = request?.head.method === 'HEAD' || statusCode === 204 || statusCode === 304;
    const length = hasNoBody ? 0 : (bodyLength(block, true) ?? 'until-close');
    const head: HttpResponseHead = { statusCode, fields: block.fields };
    const application =
      request === undefined
        ? undefined
        : (request.application ??
          this.applications.find((candidate) => candidate.claims(request.head, head)));
    if (request === undefined || application === undefined) {
      return length === 'until-close' ? undefined : { length, target: undefined };
    }
    const exchange: HttpExchange = {
      request: request.head,
      requestBody: request.body,
      response: head,
      responseBody: undefined,
      evidence: request.evidence,
      timestampMs: request.timestampMs,
    };
    if (length === 0) {
      this.#sessionOf(application).onExchange(exchange, context);
      return { length, target: undefined };
    }
    return {
      length,
      target: {
        capture: new BodyCapture(application.maxBodyBytes),
        done: (body) => {
          exchange.responseBody = body;
          this.#sessionOf(application).onExchange(exchange, context);
        },
      },
    };
  }

  /** A claimed request whose response was never seen still tells its application what was asked. */
  #dispatchUnanswered(request: PendingRequest, context: StreamContext): void {
    if (request.application === undefined) return;
    this.#sessionOf(request.application).onExchange(
      {
        request: request.head,
        requestBody: request.body,
        response: undefined,
        responseBody: undefined,
        evidence: request.evidence,
        timestampMs: request.timestampMs,
      },
      context,
    );
  }

  #sessionOf(application: HttpApplication): HttpApplicationSession {
    let session = this.#sessions.get(application);
    if (session === undefined) {
      session = application.createSession(this.endpoints);
      this.#sessions.set(application, session);
    }
    return session;
  }
}

function stateFor(plan: BodyPlan | undefined): DirectionState {
  if (plan === undefined) return { mode: 'stopped' };
  const { length, target } = plan;
  if (length === 'chunked') return { mode: 'chunked', body: new ChunkedBodyReader(target?.capture), target };
  if (length === 'until-close')
    return target === undefined ? { mode: 'stopped' } : { mode: 'until-close', target };
  if (length > 0) return { mode: 'body', remainingBytes: length, target };
  target?.done(target.capture.finish(true));
  return awaitingHeaders();
}

/**
 * RFC 9112 §6.3: a chunked body is read chunk by chunk; a response without length is delimited by
 * the close (undefined); otherwise Content-Length, or none for a request without it.
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

/** The default-credential entry Basic credentials (RFC 7617: base64 of `user:password`) match, if any. */
function basicDefaultCredential(authorization: string | undefined): string | undefined {
  const match =
    authorization === undefined ? null : /^basic\s+([A-Za-z0-9+/=]{1,512})\s*$/i.exec(authorization);
  if (match === null) return undefined;
  const pair = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? undefined : defaultCredentialOf(pair.slice(0, colon), pair.slice(colon + 1));
}
