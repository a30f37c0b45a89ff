import type { HttpApplication, HttpRequestHead, HttpResponseHead } from '../http/application.js';
import type { Protocol } from '../protocol.js';
import { foldFhir } from './fold.js';
import { fhirRequestShape } from './interaction.js';
import { namesFhirMediaType } from './media-type.js';
import type { FhirExchangeObservation, FhirSummaryObservation } from './observation.js';
import { FhirSession } from './session.js';

/**
 * Bodies beyond this are read only so far: resource types and a CapabilityStatement's software
 * come early, and a connection then holds at most this per message it waits on.
 */
const maxFhirBodyBytes = 64 * 1024;

/**
 * Whether an exchange may be FHIR: a FHIR media type in Content-Type or Accept, or a path that
 * names a resource type or `metadata`. The session decides from the bodies whether it was.
 */
function claims(request: HttpRequestHead, response: HttpResponseHead | undefined): boolean {
  if (response !== undefined) return namesFhirMediaType(response.fields.get('content-type'));
  if (
    namesFhirMediaType(request.fields.get('content-type')) ||
    namesFhirMediaType(request.fields.get('accept'))
  )
    return true;
  const shape = fhirRequestShape(request.method, request.target);
  return shape !== undefined && (shape.resourceType !== undefined || shape.interaction === 'capabilities');
}

/** FHIR's RESTful API over cleartext HTTP (http://hl7.org/fhir/R4/http.html), read from the exchanges HTTP hands over. */
export const fhirApplication: HttpApplication = {
  protocol: 'fhir',
  headerFields: ['content-type', 'content-encoding', 'accept'],
  maxBodyBytes: maxFhirBodyBytes,
  claims,
  createSession: (endpoints) => new FhirSession(endpoints),
};

/** FHIR: carried by HTTP, its observations and what they tell about devices (see `../protocol.ts`). */
export const fhirProtocol: Protocol<FhirExchangeObservation | FhirSummaryObservation> = {
  name: 'fhir',
  httpApplication: fhirApplication,
  kinds: ['fhir.exchange', 'fhir.summary'],
  fold: foldFhir,
};
