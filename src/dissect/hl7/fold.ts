import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { Hl7MessageObservation, Hl7SummaryObservation } from './observation.js';

/** What sending a message of a type says of a device's clinical role (HL7 v2.5 chapters 3, 4, 7). */
const senderRoles: Readonly<Record<string, string>> = {
  ORU: 'observation source (monitor gateway, lab analyser)',
  ADT: 'ADT source (EHR, interface engine)',
  ORM: 'order placer (EHR, CPOE)',
  OML: 'order placer (EHR, CPOE)',
  SIU: 'scheduling system',
  MDM: 'document source',
  DFT: 'charge source',
  RDE: 'pharmacy order source',
};
/** And what receiving it says. */
const receiverRoles: Readonly<Record<string, string>> = {
  ORU: 'results receiver (EHR, interface engine)',
  ADT: 'ADT receiver',
  ORM: 'order filler (RIS, LIS)',
  OML: 'order filler (LIS)',
};

/**
 * HL7: each side's application and facility names, clinical roles from the message types it
 * sends and receives; a listener taking MLLP in clear is a finding, and patient segments seen
 * in clear another.
 */
export function foldHl7(book: DraftBook, observation: Hl7MessageObservation | Hl7SummaryObservation): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'hl7', observation.timestampMs);
  book.addProtocol(client, 'hl7', observation.timestampMs);
  if (observation.kind === 'hl7.summary') {
    if (observation.messagesWithPhi === 0) return;
    const measure = {
      subject: 'HL7',
      unit: 'messages',
      count: observation.messagesWithPhi,
      total: observation.messages,
      names: observation.phiSegments,
    };
    book.measureFinding(server, 'phi-cleartext', observation, measure);
    book.measureFinding(client, 'phi-cleartext', observation, measure);
    return;
  }
  book.addFinding(server, 'hl7-no-tls', observation);
  const sender = observation.isFromInitiator ? client : server;
  const receiver = observation.isFromInitiator ? server : client;
  const add = (device: typeof server, name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(device, name, value, observation.kind, confidence, observation);
  };
  add(sender, 'hl7.application', observation.sendingApplication, attributeConfidence.selfDescription);
  add(sender, 'hl7.facility', observation.sendingFacility, attributeConfidence.selfDescription);
  // The receiving fields are what the sender believes of the receiver.
  add(receiver, 'hl7.application', observation.receivingApplication, attributeConfidence.softwareFromBanner);
  if (observation.acknowledgementCode !== undefined || observation.messageCode === 'ACK') return;
  const code = observation.messageCode ?? '';
  add(sender, 'clinical.role', senderRoles[code], attributeConfidence.clinicalRoleFromMessages);
  add(receiver, 'clinical.role', receiverRoles[code], attributeConfidence.clinicalRoleFromMessages);
}
