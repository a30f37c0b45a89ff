import type {
  HttpApplication,
  HttpApplicationSession,
  HttpRequestHead,
  HttpResponseHead,
} from '../http/application.js';
import { decodedBody } from '../http/content-coding.js';
import { connectionFacts } from '../stream-dissector.js';
import { readDeviceMetadata } from './device-metadata.js';
import type { DpwsMetadataObservation } from './observation.js';

/** SOAP 1.2's media type, which DPWS messages over HTTP carry. */
const soapMediaType = /application\/soap\+xml/i;
/** A metadata envelope is a few kilobytes; SDC's other SOAP messages (a whole MDIB) are not read. */
const maxMetadataBytes = 64 * 1024;

function isSoap(fields: ReadonlyMap<string, string>): boolean {
  return soapMediaType.test(fields.get('content-type') ?? '');
}

/**
 * DPWS metadata exchange over HTTP (WS-Transfer Get to the address a device gave in
 * WS-Discovery XAddrs): the device's answer names its manufacturer, model, firmware and serial.
 */
export const dpwsMetadataApplication: HttpApplication = {
  protocol: 'ws-discovery',
  headerFields: ['content-type', 'content-encoding'],
  maxBodyBytes: maxMetadataBytes,
  claims: (request: HttpRequestHead, response: HttpResponseHead | undefined) =>
    request.method === 'POST' &&
    (isSoap(request.fields) || (response !== undefined && isSoap(response.fields))),
  createSession: (endpoints): HttpApplicationSession => ({
    onExchange(exchange, context) {
      const { response, responseBody } = exchange;
      if (response === undefined || responseBody === undefined) return;
      const body = decodedBody(responseBody, response.fields.get('content-encoding'));
      const metadata = body === undefined ? undefined : readDeviceMetadata(body.toString('utf8'));
      if (metadata === undefined) return;
      const observation: DpwsMetadataObservation = {
        kind: 'dpws.metadata',
        ...connectionFacts(endpoints, context),
        timestampMs: exchange.timestampMs,
        evidence: exchange.evidence,
        ...metadata,
      };
      context.emit(observation);
    },
    onEnd() {},
  }),
};
