import type { BacnetMessageObservation, ModbusMessageObservation } from '../observe/observation.js';
import { attributeConfidence } from './attribute-confidence.js';
import type { DraftBook } from './draft-book.js';

/**
 * Building automation (Modbus/TCP, BACnet/IP): a Modbus server or a BACnet device announcing
 * itself with I-Am is a controller; the clients polling or writing to them are their supervisors.
 */
export function foldBuildingAutomation(
  book: DraftBook,
  observation: ModbusMessageObservation | BacnetMessageObservation,
): void {
  const confidence = attributeConfidence.roleFromBehaviour;
  if (observation.kind === 'modbus.message') {
    const server = book.deviceForIp(observation.server.ip, observation);
    const client = book.deviceForIp(observation.client.ip, observation);
    book.addProtocol(server, 'modbus', observation.timestampMs);
    book.addProtocol(client, 'modbus', observation.timestampMs);
    book.addAttribute(server, 'role', 'modbus-server', observation.kind, confidence, observation);
    book.addAttribute(
      server,
      'modbus.unit',
      String(observation.unitId),
      observation.kind,
      confidence,
      observation,
    );
    if (observation.isWrite && observation.isRequest)
      book.addAttribute(client, 'role', 'modbus-writer', observation.kind, confidence, observation);
    return;
  }
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, 'bacnet', observation.timestampMs);
  if (observation.service !== 'i-am' || observation.deviceInstance === undefined) return;
  book.addAttribute(sender, 'role', 'bacnet-device', observation.kind, confidence, observation);
  book.addAttribute(
    sender,
    'bacnet.device-instance',
    String(observation.deviceInstance),
    observation.kind,
    confidence,
    observation,
  );
  if (observation.vendorId !== undefined)
    book.addAttribute(
      sender,
      'bacnet.vendor-id',
      String(observation.vendorId),
      observation.kind,
      confidence,
      observation,
    );
}
