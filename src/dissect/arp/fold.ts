import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { ArpBindingObservation } from './observation.js';

/**
 * ARP: the sender owns its MAC and the address it announces, unless another MAC holds that
 * address already in this capture. ARP proves nothing, so a spoofer's replies (arpspoof posing as
 * the PACS) must not move the PACS's address onto the spoofer's record; the detection stage
 * raises the conflict instead. A DHCP lease binds an address anew, so a real move is followed.
 */
export function foldArp(book: DraftBook, observation: ArpBindingObservation): void {
  const device = book.deviceForMac(observation.mac, observation);
  book.addProtocol(device, 'arp', observation.timestampMs);
  if (observation.ip === undefined) return;
  const holder = book.macOfIp(observation.ip);
  if (holder !== undefined && holder !== observation.mac) return;
  book.bindIp(observation.ip, observation.mac);
  book.addAttribute(device, 'ip', observation.ip, 'arp.binding', attributeConfidence.ipFromArp, observation);
}
