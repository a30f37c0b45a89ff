import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { ethernetFrame, ipv4Packet, udpDatagram } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { type DhcpMessageOptions, encodeDhcpMessage } from './encode.js';
import { dhcpDissector } from './index.js';

const pumpMac = '00:1a:01:12:34:56';
const serverMac = '52:54:00:aa:bb:cc';

function dissect(message: Buffer, fromClient: boolean) {
  const [source, destination, sourcePort, destinationPort] = fromClient
    ? ['0.0.0.0', '255.255.255.255', 68, 67]
    : ['10.20.0.1', '10.20.0.57', 67, 68];
  const frame = ethernetFrame(
    { source: fromClient ? pumpMac : serverMac, destination: 'ff:ff:ff:ff:ff:ff', etherType: 0x0800 },
    ipv4Packet(
      { source, destination, protocol: 17 },
      udpDatagram(sourcePort, destinationPort, source, destination, message),
    ),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(frame), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (dhcpDissector.matches(view))
    dhcpDissector.dissect(view, { captureName: 'test.pcap', emit: (o) => observations.push(o), counters });
  return { observations, counters, matched: dhcpDissector.matches(view) };
}

const request: DhcpMessageOptions = {
  messageType: 'request',
  transactionId: 0xdeadbeef,
  clientMac: pumpMac,
  hostname: 'icu-pump-07',
  vendorClass: 'BBraun SpaceStation',
  requestedIp: '10.20.0.57',
  serverId: '10.20.0.1',
  parameterRequestList: [1, 3, 6, 15, 28, 42],
  clientId: Buffer.from('01001a01123456', 'hex'),
};

describe('dhcpDissector', () => {
  it('reads a client request: hostname, vendor class, client id, option 55 fingerprint', () => {
    const { observations, counters } = dissect(encodeDhcpMessage(request), true);
    expect(counters.malformed).toBe(0);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({
      kind: 'dhcp.message',
      messageType: 'request',
      isFromClient: true,
      transactionId: 0xdeadbeef,
      clientMac: pumpMac,
      senderMac: pumpMac,
      hostname: 'icu-pump-07',
      vendorClass: 'BBraun SpaceStation',
      requestedIp: '10.20.0.57',
      serverId: '10.20.0.1',
      parameterRequestList: [1, 3, 6, 15, 28, 42],
      clientId: '01001a01123456',
      leasedIp: undefined,
      evidence: { capture: 'test.pcap', packetNumber: 1 },
    });
  });

  it('attributes the leased address in an ACK to the client in chaddr, not to the server', () => {
    const ack = encodeDhcpMessage({
      messageType: 'ack',
      transactionId: 1,
      clientMac: pumpMac,
      leasedIp: '10.20.0.57',
      serverId: '10.20.0.1',
      leaseTimeSeconds: 3600,
    });
    const { observations } = dissect(ack, false);
    expect(observations[0]).toMatchObject({
      isFromClient: false,
      clientMac: pumpMac,
      senderMac: serverMac,
      leasedIp: '10.20.0.57',
      leaseTimeSeconds: 3600,
    });
  });

  it('replaces control characters in names so they cannot rewrite a terminal', () => {
    const { observations } = dissect(encodeDhcpMessage({ ...request, hostname: 'pump\u001b[2Jx' }), true);
    expect(observations[0]).toMatchObject({ hostname: 'pump\ufffd[2Jx' });
  });

  it('counts an option running past the message end as malformed and emits nothing', () => {
    const message = encodeDhcpMessage(request);
    // Cut the message right inside the hostname option and drop the padding after it.
    const cut = message.subarray(0, 240 + 3 + 2 + 4);
    const { observations, counters } = dissect(cut, true);
    expect(observations).toHaveLength(0);
    expect(counters.malformedByProtocol.get('dhcp')).toBe(1);
  });

  it('does not claim UDP on other ports or without the magic cookie', () => {
    const message = encodeDhcpMessage(request);
    message.writeUInt32BE(0, 236);
    expect(dissect(message, true).matched).toBe(false);
  });
});
