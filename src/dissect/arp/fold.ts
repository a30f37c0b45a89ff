import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { ArpBindingObservation } from './observation.js';

/** ARP: the sender owns its MAC and the address it announces. */
export function foldArp(book: DraftBook, observation: ArpBindingObservation): void {
  const device = book.deviceForMac(observation.mac, observation);
  book.addProtocol(device, 'arp', observation.timestampMs);
  if (observation.ip === undefined) return;
  book.bindIp(observation.ip, observation.mac);
  book.addAttribute(device, 'ip', observation.ip, 'arp.binding', attributeConfidence.ipFromArp, observation);
}
