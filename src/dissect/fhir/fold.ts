import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { FhirExchangeObservation, FhirSummaryObservation } from './observation.js';

/** Writing results as FHIR is what a device gateway or analyser does; HL7's ORU sender reads the same. */
const resultTypes: ReadonlySet<string> = new Set(['Observation', 'DiagnosticReport', 'DeviceMetric']);
const writes: ReadonlySet<string> = new Set(['create', 'update', 'patch']);

/**
 * FHIR: the server's software and FHIR version from its CapabilityStatement, roles of both ends,
 * a cleartext FHIR API as a finding of the server, and patient data seen in clear as another.
 */
export function foldFhir(
  book: DraftBook,
  observation: FhirExchangeObservation | FhirSummaryObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'fhir', observation.timestampMs);
  book.addProtocol(client, 'fhir', observation.timestampMs);
  if (observation.kind === 'fhir.summary') {
    if (observation.messagesWithPhi === 0) return;
    const measure = {
      subject: 'FHIR',
      unit: 'messages',
      count: observation.messagesWithPhi,
      total: observation.messages,
      names: observation.phiNames,
    };
    book.measureFinding(server, 'phi-cleartext', observation, measure);
    book.measureFinding(client, 'phi-cleartext', observation, measure);
    return;
  }
  book.addFinding(server, 'fhir-no-tls', observation);
  const add = (device: typeof server, name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(device, name, value, observation.kind, confidence, observation);
  };
  const { softwareName, softwareVersion } = observation;
  const software =
    softwareVersion === undefined ? softwareName : `${softwareName ?? 'unnamed'} ${softwareVersion}`;
  add(server, 'fhir.software', software, attributeConfidence.selfDescription);
  add(server, 'fhir.version', observation.fhirVersion, attributeConfidence.selfDescription);
  // An error answer shows a server, not what it serves.
  if (observation.statusCode === undefined || observation.statusCode >= 400) return;
  const role = attributeConfidence.clinicalRoleFromMessages;
  add(server, 'clinical.role', 'FHIR server (EHR, clinical data repository)', role);
  const writesResults =
    writes.has(observation.interaction) && resultTypes.has(observation.resourceType ?? '');
  add(
    client,
    'clinical.role',
    writesResults ? 'observation source (monitor gateway, lab analyser)' : 'FHIR client',
    role,
  );
}
