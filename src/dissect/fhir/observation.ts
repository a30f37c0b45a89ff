import type { Evidence, NetworkEndpoint, ObservationBase } from '../../observe/observation.js';
import type { FhirInteraction } from './interaction.js';

/**
 * One FHIR RESTful exchange over cleartext HTTP: the interaction and resource type the request
 * line names, the response status, the resource types the bodies carried, and what a
 * CapabilityStatement says of the server. Ids, query values and element values are never kept;
 * patient data is listed by resource type and parameter name.
 */
export interface FhirExchangeObservation extends ObservationBase {
  kind: 'fhir.exchange';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  interaction: FhirInteraction;
  resourceType: string | undefined;
  operation: string | undefined;
  statusCode: number | undefined;
  format: 'json' | 'xml' | undefined;
  /** Resource types in the request and response bodies, sorted. */
  resourceTypes: string[];
  /** From the server's CapabilityStatement (`software.name`, `software.version`, `fhirVersion`). */
  softwareName: string | undefined;
  softwareVersion: string | undefined;
  fhirVersion: string | undefined;
  /** Patient-compartment resource types and identifying search parameters the exchange carried. */
  phiNames: string[];
}

/** A connection's totals when it ends: FHIR messages read, and how many carried patient data. */
export interface FhirSummaryObservation extends ObservationBase {
  kind: 'fhir.summary';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  messages: number;
  messagesWithPhi: number;
  phiNames: string[];
  firstPhiEvidence: Evidence | undefined;
}
