import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { BacnetMessageObservation } from './observation.js';

/** BACnet/IP: a device announcing itself with I-Am is a building controller, with its instance and vendor. */
export function foldBacnet(book: DraftBook, observation: BacnetMessageObservation): void {
  const confidence = attributeConfidence.roleFromBehaviour;
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
