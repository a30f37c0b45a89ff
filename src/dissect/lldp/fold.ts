import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { NeighbourAdvertisementObservation } from './observation.js';

/**
 * LLDP and CDP: a device announces itself on its own segment, so the frame's source MAC is the
 * device and what it says (name, description, platform, capabilities) is its own description.
 */
export function foldNeighbour(book: DraftBook, observation: NeighbourAdvertisementObservation): void {
  const device = book.deviceForMac(observation.sourceMac, observation);
  book.addProtocol(device, observation.protocol, observation.timestampMs);
  const confidence = attributeConfidence.selfDescription;
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined)
      book.addAttribute(device, name, value, observation.kind, confidence, observation);
  };
  add('hostname', observation.systemName);
  add(`${observation.protocol}.system-description`, observation.systemDescription);
  add(`${observation.protocol}.platform`, observation.platform);
  add(`${observation.protocol}.port-id`, observation.portId);
  if (observation.capabilities.length > 0)
    add(`${observation.protocol}.capabilities`, observation.capabilities.join(','));
  // The management address may sit on another interface: a weaker claim than ARP's.
  if (observation.managementAddress !== undefined) {
    book.addAttribute(
      device,
      'ip',
      observation.managementAddress,
      observation.kind,
      attributeConfidence.ipFromManagementAddress,
      observation,
    );
  }
}
