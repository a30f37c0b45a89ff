import type {
  ArpBindingObservation,
  DhcpMessageObservation,
  Dhcpv6MessageObservation,
} from '../observe/observation.js';
import { attributeConfidence } from './attribute-confidence.js';
import { dhcpStackOf } from './dhcp-fingerprints.js';
import type { DraftBook } from './draft-book.js';

/** ARP: the sender owns its MAC and the address it announces. */
export function foldArp(book: DraftBook, observation: ArpBindingObservation): void {
  const device = book.deviceForMac(observation.mac, observation);
  book.addProtocol(device, 'arp', observation.timestampMs);
  if (observation.ip === undefined) return;
  book.bindIp(observation.ip, observation.mac);
  book.addAttribute(device, 'ip', observation.ip, 'arp.binding', attributeConfidence.ipFromArp, observation);
}

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
