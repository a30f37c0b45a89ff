import { arpPacket, ethernetFrame } from '../../decode/encode-frame.js';
import { encodeDhcpMessage } from '../../dissect/dhcp/encode.js';
import { encodeDnsAnswer, encodeDnsQuery } from '../../dissect/dns/encode.js';
import { encodeLldpdu } from '../../dissect/lldp/encode.js';
import { encodeNtpPacket } from '../../dissect/ntp/encode.js';
import { endpointOf, type SimContext, service } from '../context.js';
import type { SimDevice } from '../hospital.js';
import { writeUdp } from '../packets.js';

const broadcastMac = 'ff:ff:ff:ff:ff:ff';
const leaseSeconds = 3600;
/** What Windows 10/11 asks for in option 55; the embedded devices send udhcpc's list. */
const windowsParameters = [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252];
const embeddedParameters = [1, 3, 6, 12, 15, 28, 42];

function parametersOf(device: SimDevice): number[] {
  return device.kind.category === 'IT' ? windowsParameters : embeddedParameters;
}

/** A gratuitous ARP: the device announces its own address (RFC 5227 §2.4). */
export function announceAddress(context: SimContext, device: SimDevice, atUs: number): number {
  const arp = arpPacket({
    operation: 1,
    senderMac: device.mac,
    senderIp: device.ip,
    targetMac: '00:00:00:00:00:00',
    targetIp: device.ip,
  });
  context.truth.speaks(device, 'arp');
  return context.stream.write(
    ethernetFrame({ source: device.mac, destination: broadcastMac, etherType: 0x0806 }, arp),
    atUs,
  );
}

/** DISCOVER, OFFER, REQUEST, ACK (RFC 2131 §3.1) with the client's host name, then its gratuitous ARP. */
export function joinNetwork(context: SimContext, device: SimDevice, atUs: number): number {
  const server = service(context, 'dhcp-dns');
  const transactionId = context.random.below(0xffffffff);
  const client = { mac: device.mac, ip: '0.0.0.0', port: 68 };
  const everyone = { mac: broadcastMac, ip: '255.255.255.255', port: 67 };
  const from = { mac: server.mac, ip: server.ip, port: 67 };
  const common = {
    transactionId,
    clientMac: device.mac,
    hostname: device.hostname,
    parameterRequestList: parametersOf(device),
  };
  let at = writeUdp(
    context.stream,
    client,
    everyone,
    encodeDhcpMessage({ ...common, messageType: 'discover' }),
    atUs,
  );
  const offer = {
    transactionId,
    clientMac: device.mac,
    leasedIp: device.ip,
    serverId: server.ip,
    leaseTimeSeconds: leaseSeconds,
  };
  at = writeUdp(
    context.stream,
    from,
    { mac: device.mac, ip: device.ip, port: 68 },
    encodeDhcpMessage({ ...offer, messageType: 'offer' }),
    at + 800,
  );
  at = writeUdp(
    context.stream,
    client,
    everyone,
    encodeDhcpMessage({ ...common, messageType: 'request', requestedIp: device.ip, serverId: server.ip }),
    at + 300,
  );
  at = writeUdp(
    context.stream,
    from,
    { mac: device.mac, ip: device.ip, port: 68 },
    encodeDhcpMessage({ ...offer, messageType: 'ack' }),
    at + 800,
  );
  context.truth.speaks(device, 'dhcp');
  context.truth.speaks(server, 'dhcp');
  return announceAddress(context, device, at + 2000);
}

/** A renewal: unicast REQUEST from the leased address, and the ACK (RFC 2131 §4.4.5). */
export function renewLease(context: SimContext, device: SimDevice, atUs: number): number {
  const server = service(context, 'dhcp-dns');
  const transactionId = context.random.below(0xffffffff);
  const client = { mac: device.mac, ip: device.ip, port: 68 };
  const from = { mac: server.mac, ip: server.ip, port: 67 };
  const request = encodeDhcpMessage({
    messageType: 'request',
    transactionId,
    clientMac: device.mac,
    clientIp: device.ip,
    hostname: device.hostname,
    parameterRequestList: parametersOf(device),
  });
  const at = writeUdp(context.stream, client, from, request, atUs);
  const ack = encodeDhcpMessage({
    messageType: 'ack',
    transactionId,
    clientMac: device.mac,
    clientIp: device.ip,
    leasedIp: device.ip,
    serverId: server.ip,
    leaseTimeSeconds: leaseSeconds,
  });
  return writeUdp(context.stream, from, client, ack, at + 600);
}

/** A lookup of `name` at the hospital's DNS server and its A answer. */
export function lookUp(
  context: SimContext,
  device: SimDevice,
  name: string,
  address: string,
  atUs: number,
): number {
  const server = service(context, 'dhcp-dns');
  const id = context.random.below(0x10000);
  const client = endpointOf(context, device);
  const resolver = { mac: server.mac, ip: server.ip, port: 53 };
  const at = writeUdp(context.stream, client, resolver, encodeDnsQuery(id, name), atUs);
  context.truth.speaks(device, 'dns');
  context.truth.speaks(server, 'dns');
  return writeUdp(context.stream, resolver, client, encodeDnsAnswer(id, name, address), at + 300);
}

/** An LLDP advertisement (IEEE 802.1AB) from a device with a static address: its name and description. */
export function advertiseNeighbour(context: SimContext, device: SimDevice, atUs: number): number {
  const lldpdu = encodeLldpdu({
    chassisMac: device.mac,
    portId: 'eth0',
    systemName: device.hostname,
    systemDescription: `${device.make.manufacturer} ${device.model} ${device.firmware}`,
  });
  context.truth.speaks(device, 'lldp');
  return context.stream.write(
    ethernetFrame({ source: device.mac, destination: '01:80:c2:00:00:0e', etherType: 0x88cc }, lldpdu),
    atUs,
  );
}

/** An NTP client request to the hospital's time server (the DHCP/DNS server, stratum 2) and its reply. */
export function synchroniseClock(context: SimContext, device: SimDevice, atUs: number): number {
  const server = service(context, 'dhcp-dns');
  const client = { mac: device.mac, ip: device.ip, port: 123 };
  const timeServer = { mac: server.mac, ip: server.ip, port: 123 };
  const at = writeUdp(
    context.stream,
    client,
    timeServer,
    encodeNtpPacket({ mode: 3, stratum: 0, referenceId: '', timeUs: atUs }),
    atUs,
  );
  context.truth.speaks(device, 'ntp');
  context.truth.speaks(server, 'ntp');
  const reply = encodeNtpPacket({
    mode: 4,
    stratum: 2,
    referenceId: '192.0.2.123',
    timeUs: at + 200,
    originUs: atUs,
  });
  return writeUdp(context.stream, timeServer, client, reply, at + 200);
}

/** An ARP request for the router's address and the router's reply: background every host makes. */
export function resolveRouter(context: SimContext, device: SimDevice, atUs: number): number {
  const router = service(context, 'router');
  const request = arpPacket({
    operation: 1,
    senderMac: device.mac,
    senderIp: device.ip,
    targetMac: '00:00:00:00:00:00',
    targetIp: router.ip,
  });
  const at = context.stream.write(
    ethernetFrame({ source: device.mac, destination: broadcastMac, etherType: 0x0806 }, request),
    atUs,
  );
  const reply = arpPacket({
    operation: 2,
    senderMac: router.mac,
    senderIp: router.ip,
    targetMac: device.mac,
    targetIp: device.ip,
  });
  return context.stream.write(
    ethernetFrame({ source: router.mac, destination: device.mac, etherType: 0x0806 }, reply),
    at + 100,
  );
}
