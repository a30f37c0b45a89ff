import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import { dhcpStackOf } from '../../inventory/dhcp-fingerprints.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { DhcpMessageObservation } from './observation.js';

/**
 * DHCP: the client in `chaddr` gets what the message says of it, whoever sent it; a server that
 * answered directly (not through a relay) is a device too, with the DHCP server role.
 */
export function foldDhcp(book: DraftBook, observation: DhcpMessageObservation): void {
  const client = book.deviceForMac(observation.clientMac, observation);
  book.addProtocol(client, 'dhcp', observation.timestampMs);
  const add = (name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined) book.addAttribute(client, name, value, 'dhcp.message', confidence, observation);
  };
  if (observation.isFromClient) {
    add('hostname', observation.hostname, attributeConfidence.hostnameFromClient);
    add('hostname', observation.fqdn, attributeConfidence.hostnameFromClient);
    add('ip', observation.clientIp, attributeConfidence.ipFromDhcpClient);
    add('dhcp.vendor-class', observation.vendorClass, attributeConfidence.dhcpClientOption);
    add('dhcp.client-id', observation.clientId, attributeConfidence.dhcpClientOption);
    add('dhcp.fqdn', observation.fqdn, attributeConfidence.dhcpClientOption);
    add(
      'dhcp.parameter-request-list',
      observation.parameterRequestList?.join(','),
      attributeConfidence.dhcpClientOption,
    );
    const requestList = observation.parameterRequestList?.join(',');
    add(
      'os',
      requestList === undefined ? undefined : dhcpStackOf(requestList),
      attributeConfidence.osFromDhcpFingerprint,
    );
    add('dhcp.requested-ip', observation.requestedIp, attributeConfidence.requestedAddress);
    add('dhcp.server-id', observation.serverId, attributeConfidence.dhcpClientOption);
    if (observation.clientIp !== undefined) book.bindIp(observation.clientIp, observation.clientMac);
    return;
  }
  add('ip', observation.leasedIp, attributeConfidence.ipFromDhcpAck);
  add('hostname', observation.hostname, attributeConfidence.hostnameFromServer);
  add('dhcp.server-id', observation.serverId, attributeConfidence.ipFromDhcpServer);
  if (observation.leasedIp !== undefined) book.bindIp(observation.leasedIp, observation.clientMac);
  // A relayed reply comes from the relay's MAC; only a direct one identifies the server.
  if (
    observation.relayIp !== undefined ||
    observation.senderMac === undefined ||
    observation.senderMac === observation.clientMac
  ) {
    return;
  }
  const server = book.deviceForMac(observation.senderMac, observation);
  book.addProtocol(server, 'dhcp', observation.timestampMs);
  const serverIp = observation.serverId ?? observation.senderIp;
  if (serverIp) {
    book.bindIp(serverIp, observation.senderMac);
    book.addAttribute(
      server,
      'ip',
      serverIp,
      'dhcp.message',
      attributeConfidence.ipFromDhcpServer,
      observation,
    );
  }
  book.addAttribute(
    server,
    'role',
    'dhcp-server',
    'dhcp.message',
    attributeConfidence.roleFromBehaviour,
    observation,
  );
}
