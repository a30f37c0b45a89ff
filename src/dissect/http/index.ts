import type { Protocol } from '../protocol.js';
import type { StreamDissector } from '../stream-dissector.js';
import type { HttpApplication } from './application.js';
import { HttpConnection } from './connection.js';
import { isHttpStart } from './detect.js';
import { foldHttp } from './fold.js';
import type { HttpRequestObservation, HttpResponseObservation } from './observation.js';

/** The fields HTTP's observations and body framing use; others are not turned into strings. */
const httpFields = [
  'host',
  'user-agent',
  'authorization',
  'server',
  'www-authenticate',
  'content-length',
  'transfer-encoding',
];

/**
 * HTTP/1.x (RFC 9110, 9112) over reassembled TCP, on any port. Reads request lines and headers
 * from the client (method, Host, User-Agent, whether Basic credentials were sent) and status lines
 * and headers from the server (status, Server, whether it asks for Basic authentication),
 * following keep-alive connections message by message. Exchanges that one of `applications`
 * claims are handed to it with their bodies; other bodies are passed over unread.
 */
export function createHttpDissector(applications: readonly HttpApplication[]): StreamDissector {
  const wantedFields = [...new Set([...httpFields, ...applications.flatMap((a) => a.headerFields)])];
  return {
    protocol: 'http',
    detect: isHttpStart,
    createHandler: (endpoints) => new HttpConnection(endpoints, applications, wantedFields),
  };
}

/** HTTP alone, carrying no application. */
export const httpDissector: StreamDissector = createHttpDissector([]);

/**
 * HTTP: its dissector, observations and what they tell about devices (see `../protocol.ts`), with
 * the protocols it carries (`registry.ts` names them).
 */
export function httpProtocolCarrying(
  applications: readonly HttpApplication[],
): Protocol<HttpRequestObservation | HttpResponseObservation> {
  return {
    name: 'http',
    streamDissector: createHttpDissector(applications),
    kinds: ['http.request', 'http.response'],
    fold: foldHttp,
  };
}
