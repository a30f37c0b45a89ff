import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../test/support/packet-from-frame.js';
import { LinkType } from '../capture/link-type.js';
import { formatIpv6Words, formatMac } from './address-format.js';
import { DecodeCounters } from './decode-counters.js';
import { decodePacket } from './decode-packet.js';
import { arpPacket, ethernetFrame, ipv4Packet, ipv6Packet, tcpSegment, udpDatagram } from './encode-frame.js';
import { NetworkLayer, PacketView, TcpFlag } from './packet-view.js';

const clientMac = '00:1a:01:aa:bb:cc';
const serverMac = '00:50:56:11:22:33';

function decode(frame: Buffer, linkType: number = LinkType.ethernet) {
  const view = new PacketView();
  const counters = new DecodeCounters();
  decodePacket(packetFromFrame(frame, { linkType }), view, counters);
  return { view, counters };
}

const tcpOverIpv4 = ipv4Packet(
  { source: '10.1.2.3', destination: '10.9.8.7', protocol: 6, timeToLive: 128 },
  tcpSegment(
    { sourcePort: 50000, destinationPort: 104, flags: TcpFlag.syn, sequence: 42 },
    '10.1.2.3',
    '10.9.8.7',
    Buffer.from('hello'),
  ),
);

describe('decodePacket', () => {
  it('decodes Ethernet, IPv4 and TCP with ports, flags and payload', () => {
    const { view, counters } = decode(
      ethernetFrame({ source: clientMac, destination: serverMac, etherType: 0x0800 }, tcpOverIpv4),
    );
    expect(formatMac(view.packet.data, view.sourceMacOffset)).toBe(clientMac);
    expect(formatMac(view.packet.data, view.destinationMacOffset)).toBe(serverMac);
    expect(view.networkLayer).toBe(NetworkLayer.ipv4);
    expect([view.sourcePort, view.destinationPort, view.tcpFlags, view.tcpSequence, view.timeToLive]).toEqual(
      [50000, 104, TcpFlag.syn, 42, 128],
    );
    expect(
      view.packet.data.toString('latin1', view.payloadOffset, view.payloadOffset + view.payloadLength),
    ).toBe('hello');
    expect(counters.malformed).toBe(0);
  });

  it('reads 802.1Q and QinQ tags, outermost first', () => {
    const single = decode(
      ethernetFrame(
        { source: clientMac, destination: serverMac, etherType: 0x0800, vlanIds: [120] },
        tcpOverIpv4,
      ),
    );
    expect([single.view.vlanCount, single.view.vlanId, single.view.sourcePort]).toEqual([1, 120, 50000]);
    const double = decode(
      ethernetFrame(
        { source: clientMac, destination: serverMac, etherType: 0x0800, vlanIds: [300, 42] },
        tcpOverIpv4,
      ),
    );
    expect([
      double.view.vlanCount,
      double.view.vlanId,
      double.view.innerVlanId,
      double.view.destinationPort,
    ]).toEqual([2, 300, 42, 104]);
  });

  it('bounds the IPv4 payload by the total length, not by Ethernet padding', () => {
    const datagram = ipv4Packet(
      { source: '10.0.0.1', destination: '10.0.0.2', protocol: 17 },
      udpDatagram(5000, 6000, '10.0.0.1', '10.0.0.2', Buffer.from('x')),
    );
    const { view } = decode(
      ethernetFrame({ source: clientMac, destination: serverMac, etherType: 0x0800 }, datagram),
    );
    expect(view.payloadLength).toBe(1);
  });

  it('counts IPv4 fragments and decodes ports only in the first', () => {
    const first = ipv4Packet(
      { source: '10.0.0.1', destination: '10.0.0.2', protocol: 17, hasMoreFragments: true },
      udpDatagram(5000, 6000, '10.0.0.1', '10.0.0.2', Buffer.alloc(32)),
    );
    const later = ipv4Packet(
      { source: '10.0.0.1', destination: '10.0.0.2', protocol: 17, fragmentOffset: 5 },
      Buffer.alloc(16),
    );
    const firstResult = decode(first, LinkType.raw);
    expect([
      firstResult.view.isFragment,
      firstResult.view.isFirstFragment,
      firstResult.view.sourcePort,
    ]).toEqual([true, true, 5000]);
    const laterResult = decode(later, LinkType.raw);
    expect([
      laterResult.view.isFragment,
      laterResult.view.isFirstFragment,
      laterResult.view.hasTransport,
    ]).toEqual([true, false, false]);
    expect(laterResult.counters.fragments).toBe(1);
  });

  it('walks IPv6 extension headers to the transport', () => {
    const source = '2001:db8::1';
    const destination = 'fe80::2:3';
    const packet = ipv6Packet(
      {
        source,
        destination,
        nextHeader: 17,
        extensionHeaders: [
          { type: 0, body: Buffer.alloc(8) },
          { type: 60, body: Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) },
        ],
      },
      udpDatagram(546, 547, source, destination, Buffer.from('dhcpv6')),
    );
    const { view, counters } = decode(packet, LinkType.raw);
    expect(view.networkLayer).toBe(NetworkLayer.ipv6);
    expect([view.ipProtocol, view.sourcePort, view.destinationPort, view.payloadLength]).toEqual([
      17, 546, 547, 6,
    ]);
    expect(formatIpv6Words(view.sourceAddress)).toBe(source);
    expect(formatIpv6Words(view.destinationAddress)).toBe(destination);
    expect(counters.malformed).toBe(0);
  });

  it('treats an IPv6 later fragment as a fragment without transport', () => {
    const fragmentHeader = Buffer.from([0, 0, 0x00, 0x10, 0, 0, 0, 1]);
    const packet = ipv6Packet(
      {
        source: '::1',
        destination: '::2',
        nextHeader: 6,
        extensionHeaders: [{ type: 44, body: fragmentHeader }],
      },
      Buffer.alloc(24),
    );
    const { view, counters } = decode(packet, LinkType.raw);
    expect([view.isFragment, view.isFirstFragment, view.hasTransport, counters.fragments]).toEqual([
      true,
      false,
      false,
      1,
    ]);
  });

  it('decodes ARP sender and target', () => {
    const arp = arpPacket({
      operation: 2,
      senderMac: clientMac,
      senderIp: '10.0.0.5',
      targetMac: serverMac,
      targetIp: '10.0.0.1',
    });
    const { view } = decode(
      ethernetFrame({ source: clientMac, destination: serverMac, etherType: 0x0806 }, arp),
    );
    expect(view.networkLayer).toBe(NetworkLayer.arp);
    expect(view.arpOperation).toBe(2);
    expect(formatMac(view.packet.data, view.arpSenderMacOffset)).toBe(clientMac);
  });

  it('decodes Linux cooked captures v1 and v2 with the source MAC', () => {
    const sll = Buffer.alloc(16);
    sll.writeUInt16BE(0, 0);
    sll.writeUInt16BE(1, 2);
    sll.writeUInt16BE(6, 4);
    Buffer.from('001a01aabbcc', 'hex').copy(sll, 6);
    sll.writeUInt16BE(0x0800, 14);
    const v1 = decode(Buffer.concat([sll, tcpOverIpv4]), LinkType.linuxSll);
    expect([formatMac(v1.view.packet.data, v1.view.sourceMacOffset), v1.view.destinationPort]).toEqual([
      clientMac,
      104,
    ]);

    const sll2 = Buffer.alloc(20);
    sll2.writeUInt16BE(0x0800, 0);
    sll2.writeUInt32BE(2, 4);
    sll2.writeUInt16BE(1, 8);
    sll2[10] = 4;
    sll2[11] = 6;
    Buffer.from('001a01aabbcc', 'hex').copy(sll2, 12);
    const v2 = decode(Buffer.concat([sll2, tcpOverIpv4]), LinkType.linuxSll2);
    expect([
      formatMac(v2.view.packet.data, v2.view.sourceMacOffset),
      v2.view.sourcePort,
      v2.view.destinationMacOffset,
    ]).toEqual([clientMac, 50000, -1]);
  });

  it('decodes BSD loopback (null) captures in either host byte order', () => {
    for (const family of [Buffer.from([2, 0, 0, 0]), Buffer.from([0, 0, 0, 2])]) {
      const { view } = decode(Buffer.concat([family, tcpOverIpv4]), LinkType.null);
      expect(view.destinationPort).toBe(104);
    }
  });

  it('counts truncated headers by layer and keeps what was decoded before', () => {
    const frame = ethernetFrame(
      { source: clientMac, destination: serverMac, etherType: 0x0800 },
      tcpOverIpv4,
    );
    const cutInTcp = decode(frame.subarray(0, 14 + 20 + 10));
    expect(cutInTcp.counters.malformedByReason.get('tcp-truncated')).toBe(1);
    expect(cutInTcp.view.networkLayer).toBe(NetworkLayer.ipv4);
    const cutInEthernet = decode(frame.subarray(0, 10));
    expect(cutInEthernet.counters.malformedByReason.get('ethernet-truncated')).toBe(1);
  });

  it('counts unsupported link types without decoding', () => {
    const { counters, view } = decode(tcpOverIpv4, 147);
    expect(counters.unsupportedLinkType).toBe(1);
    expect(view.networkLayer).toBe(NetworkLayer.none);
  });
});
