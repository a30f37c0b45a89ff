import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { Dhcpv6MessageObservation } from './observation.js';

/**
 * DHCPv6: the client is the link-layer sender of client messages and the receiver of server
 * replies; it gets its DUID, FQDN, vendor class, option-request fingerprint and leased addresses.
 */
export function foldDhcpv6(book: DraftBook, observation: Dhcpv6MessageObservation): void {
  const clientMac = observation.isFromClient ? observation.sender.mac : observation.receiver.mac;
  if (clientMac === undefined || observation.clientDuid === undefined) return;
  const client = book.deviceForMac(clientMac, observation);
  book.addProtocol(client, 'dhcpv6', observation.timestampMs);
  const add = (name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(client, name, value, observation.kind, confidence, observation);
  };
  add('dhcpv6.duid', observation.clientDuid, attributeConfidence.dhcpClientOption);
  if (observation.isFromClient) {
    add('hostname', observation.fqdn, attributeConfidence.hostnameFromClient);
    add('dhcpv6.vendor-class', observation.vendorClass, attributeConfidence.dhcpClientOption);
    add(
      'dhcpv6.option-request-list',
      observation.optionRequestList?.join(','),
      attributeConfidence.dhcpClientOption,
    );
    return;
  }
  if (observation.messageType !== 'reply') return;
  add('hostname', observation.fqdn, attributeConfidence.hostnameFromServer);
  for (const address of observation.addresses) {
    book.bindIp(address, clientMac);
    add('ip', address, attributeConfidence.ipFromDhcpAck);
  }
}
