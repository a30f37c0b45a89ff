import type { HttpApplicationSession, HttpBody, HttpExchange } from '../http/application.js';
import { decodedBody } from '../http/content-coding.js';
import { PhiTally } from '../phi-tally.js';
import { connectionFacts, type StreamContext, type StreamEndpoints } from '../stream-dissector.js';
import { type FhirBodyFacts, readFhirBody } from './body.js';
import { fhirRequestShape } from './interaction.js';
import { namesFhirMediaType } from './media-type.js';
import type { FhirExchangeObservation, FhirSummaryObservation } from './observation.js';
import { phiNamesOf } from './phi.js';

function factsOf(fields: ReadonlyMap<string, string> | undefined, body: HttpBody | undefined) {
  if (fields === undefined || body === undefined) return undefined;
  const decoded = decodedBody(body, fields.get('content-encoding'));
  return decoded === undefined ? undefined : readFhirBody(decoded);
}

function holdsResources(facts: FhirBodyFacts | undefined): boolean {
  return facts !== undefined && facts.resourceTypes.size > 0;
}

/**
 * FHIR on one HTTP connection: each exchange the HTTP dissector hands over is read as a RESTful
 * interaction and reported when it is FHIR (a FHIR media type, or FHIR resources in a body);
 * when the connection ends, its patient-data totals are.
 */
export class FhirSession implements HttpApplicationSession {
  readonly #tally = new PhiTally();

  constructor(readonly endpoints: StreamEndpoints) {}

  onExchange(exchange: HttpExchange, context: StreamContext): void {
    this.#tally.seePacket(context);
    const { request, response } = exchange;
    const shape = fhirRequestShape(request.method, request.target);
    if (shape === undefined) return;
    const sent = factsOf(request.fields, exchange.requestBody);
    const received = factsOf(response?.fields, exchange.responseBody);
    const isFhir =
      namesFhirMediaType(request.fields.get('content-type')) ||
      namesFhirMediaType(request.fields.get('accept')) ||
      namesFhirMediaType(response?.fields.get('content-type')) ||
      holdsResources(sent) ||
      holdsResources(received);
    if (!isFhir) return;
    const sentPhi = phiNamesOf(sent, shape.queryParameters);
    const receivedPhi = phiNamesOf(received);
    this.#tally.countMessage(sentPhi, exchange.evidence);
    if (response !== undefined) this.#tally.countMessage(receivedPhi, exchange.evidence);
    const resourceTypes = new Set([
      ...(sent?.resourceTypes.keys() ?? []),
      ...(received?.resourceTypes.keys() ?? []),
    ]);
    const observation: FhirExchangeObservation = {
      kind: 'fhir.exchange',
      ...connectionFacts(this.endpoints, context),
      timestampMs: exchange.timestampMs,
      evidence: exchange.evidence,
      // A bundle posted to the base is a transaction or a batch, as its type says.
      interaction:
        shape.interaction === 'batch' && sent?.bundleType === 'transaction'
          ? 'transaction'
          : shape.interaction,
      resourceType: shape.resourceType,
      operation: shape.operation,
      statusCode: response?.statusCode,
      format: received?.format ?? sent?.format,
      resourceTypes: [...resourceTypes].sort(),
      softwareName: received?.softwareName,
      softwareVersion: received?.softwareVersion,
      fhirVersion: received?.fhirVersion,
      phiNames: [...new Set([...sentPhi, ...receivedPhi])].sort(),
    };
    context.emit(observation);
  }

  onEnd(context: StreamContext): void {
    const totals = this.#tally.totals();
    if (totals === undefined || totals.messages === 0) return;
    const { client, server } = connectionFacts(this.endpoints, context);
    const summary: FhirSummaryObservation = {
      kind: 'fhir.summary',
      timestampMs: totals.timestampMs,
      evidence: totals.evidence,
      client,
      server,
      messages: totals.messages,
      messagesWithPhi: totals.messagesWithPhi,
      phiNames: totals.phiNames,
      firstPhiEvidence: totals.firstPhiEvidence,
    };
    context.emit(summary);
  }
}
