import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { PoctMessageObservation, PoctSummaryObservation } from './observation.js';

/**
 * POCT1-A: the device that says hello is a point-of-care device with the identity it gives;
 * the other end is its data manager. Patient elements in clear are a finding on both.
 */
export function foldPoct(
  book: DraftBook,
  observation: PoctMessageObservation | PoctSummaryObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'poct1a', observation.timestampMs);
  book.addProtocol(client, 'poct1a', observation.timestampMs);
  if (observation.kind === 'poct1a.summary') {
    if (observation.messagesWithPhi === 0) return;
    const measure = {
      subject: 'POCT1-A',
      unit: 'messages',
      count: observation.messagesWithPhi,
      total: observation.messages,
      names: observation.phiElements,
    };
    book.measureFinding(server, 'phi-cleartext', observation, measure);
    book.measureFinding(client, 'phi-cleartext', observation, measure);
    return;
  }
  if (observation.messageType !== 'HEL.R01') return;
  const device = observation.isFromInitiator ? client : server;
  const manager = observation.isFromInitiator ? server : client;
  const add = (target: typeof device, name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(target, name, value, observation.kind, confidence, observation);
  };
  const confidence = attributeConfidence.selfDescription;
  add(device, 'manufacturer', observation.device.manufacturer ?? observation.device.vendorId, confidence);
  add(device, 'model', observation.device.modelId, confidence);
  add(device, 'serial-number', observation.device.serialNumber, confidence);
  add(device, 'software-version', observation.device.softwareVersion, confidence);
  add(device, 'hardware-version', observation.device.hardwareVersion, confidence);
  add(device, 'poct1a.device-id', observation.device.deviceId, confidence);
  add(device, 'clinical.role', 'point-of-care device', attributeConfidence.roleFromBehaviour);
  add(manager, 'clinical.role', 'POC data manager', attributeConfidence.roleFromBehaviour);
}
