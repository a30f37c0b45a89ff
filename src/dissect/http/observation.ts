import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/**
 * An HTTP/1.x request (RFC 9112). The request target is not kept: query strings can carry
 * patient identifiers. Credentials are never kept either; only that Basic authentication was sent.
 */
export interface HttpRequestObservation extends ObservationBase {
  kind: 'http.request';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  method: string;
  /** The Host header: the name the client used for the server. */
  host: string | undefined;
  userAgent: string | undefined;
  /** True when an `Authorization: Basic` header crossed the network in clear (RFC 7617). */
  hasBasicAuthorization: boolean;
  /** The default-credential list's entry (`admin-1: …`) the Basic credentials matched, never the password. */
  defaultCredential: string | undefined;
}

/** An HTTP/1.x response: the status and the `Server` header, which names the server software. */
export interface HttpResponseObservation extends ObservationBase {
  kind: 'http.response';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  statusCode: number;
  serverSoftware: string | undefined;
  /** `WWW-Authenticate` asked for Basic authentication over cleartext HTTP. */
  isBasicAuthenticationRequested: boolean;
}
