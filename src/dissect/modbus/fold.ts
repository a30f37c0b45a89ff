import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { ModbusMessageObservation } from './observation.js';

/** Modbus/TCP: the server is a controller; a client that writes to it supervises it. */
export function foldModbus(book: DraftBook, observation: ModbusMessageObservation): void {
  const confidence = attributeConfidence.roleFromBehaviour;
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
}
