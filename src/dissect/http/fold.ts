import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { HttpRequestObservation, HttpResponseObservation } from './observation.js';

/** A request names the client's software (User-Agent) and the name it used for the server (Host). */
export function foldHttpRequest(book: DraftBook, observation: HttpRequestObservation): void {
  const client = book.deviceForIp(observation.client.ip, observation);
  const server = book.deviceForIp(observation.server.ip, observation);
  book.addProtocol(client, 'http', observation.timestampMs);
  book.addProtocol(server, 'http', observation.timestampMs);
  if (observation.userAgent !== undefined) {
    book.addAttribute(
      client,
      'http.user-agent',
      observation.userAgent,
      'http.request',
      attributeConfidence.softwareFromBanner,
      observation,
    );
  }
  if (observation.host !== undefined) {
    book.addAttribute(
      server,
      'http.host',
      observation.host,
      'http.request',
      attributeConfidence.softwareFromBanner,
      observation,
    );
  }
  // The service that takes the password in clear is what must change; the finding is the server's.
  if (observation.hasBasicAuthorization) book.addFinding(server, 'cleartext-credentials', observation);
}

/** A response names the server's software (Server) and shows whether it asks for Basic credentials. */
export function foldHttpResponse(book: DraftBook, observation: HttpResponseObservation): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  book.addProtocol(server, 'http', observation.timestampMs);
  if (observation.serverSoftware !== undefined) {
    book.addAttribute(
      server,
      'http.server',
      observation.serverSoftware,
      'http.response',
      attributeConfidence.softwareFromBanner,
      observation,
    );
  }
  if (observation.isBasicAuthenticationRequested)
    book.addFinding(server, 'cleartext-credentials', observation);
}

/** Requests and responses, each folded by its own function above. */
export function foldHttp(
  book: DraftBook,
  observation: HttpRequestObservation | HttpResponseObservation,
): void {
  if (observation.kind === 'http.request') foldHttpRequest(book, observation);
  else foldHttpResponse(book, observation);
}
