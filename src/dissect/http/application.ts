import type { Evidence } from '../../observe/observation.js';
import type { StreamContext, StreamEndpoints } from '../stream-dissector.js';

/**
 * A request's start line and the header fields HTTP and its applications asked for (lower-case
 * names). `target` is the raw request target: it may carry patient identifiers in its query, so
 * an application reads it and keeps only what it derives (an interaction, a resource type).
 */
export interface HttpRequestHead {
  method: string;
  target: string;
  fields: ReadonlyMap<string, string>;
}

export interface HttpResponseHead {
  statusCode: number;
  fields: ReadonlyMap<string, string>;
}

/**
 * A message body as captured: at most the application's limit of its first bytes, still in its
 * content coding (see `content-coding.ts`). `isComplete` is false when bytes were left out
 * because of the limit, a gap, or a connection that ended early.
 */
export interface HttpBody {
  bytes: Buffer;
  isComplete: boolean;
}

/** A request, its response when one came, and their bodies when the application claimed them. */
export interface HttpExchange {
  request: HttpRequestHead;
  requestBody: HttpBody | undefined;
  response: HttpResponseHead | undefined;
  responseBody: HttpBody | undefined;
  /** The request's packet: the exchange's evidence and time. */
  evidence: Evidence;
  timestampMs: number;
}

/** What an application does on one HTTP connection. */
export interface HttpApplicationSession {
  onExchange(exchange: HttpExchange, context: StreamContext): void;
  /** The connection ended; `context.view` is not its packet (see `StreamHandler.onEnd`). */
  onEnd(context: StreamContext): void;
}

/**
 * A protocol carried in HTTP/1.x messages (FHIR's RESTful API, say), as media-type dissectors
 * sit on HTTP in Wireshark. The HTTP dissector frames messages and pairs requests with
 * responses; an application claims the exchanges that are its own, and only those bodies are
 * captured, up to `maxBodyBytes`, so that other HTTP traffic costs nothing more.
 */
export interface HttpApplication {
  readonly protocol: string;
  /** Header fields it reads beyond HTTP's own, lower case. */
  readonly headerFields: readonly string[];
  /** The most body bytes captured of each message it claims. */
  readonly maxBodyBytes: number;
  /**
   * Called with the request head (the response undefined) and, when that did not claim it, again
   * with the response head: whether the exchange may be this application's.
   */
  claims(request: HttpRequestHead, response: HttpResponseHead | undefined): boolean;
  createSession(endpoints: StreamEndpoints): HttpApplicationSession;
}
