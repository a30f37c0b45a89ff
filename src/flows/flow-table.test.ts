import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../decode/decode-counters.js';
import { decodePacket } from '../decode/decode-packet.js';
import { ethernetFrame, ipv4Packet, tcpSegment, udpDatagram } from '../decode/encode-frame.js';
import { PacketView, TcpFlag } from '../decode/packet-view.js';
import type { FlowRecord } from './flow-record.js';
import { FlowTable } from './flow-table.js';

const clientMac = '00:1a:01:00:00:01';
const serverMac = '00:1a:01:00:00:02';

interface Segment {
  from: 'client' | 'server';
  flags: number;
  atMs: number;
  clientPort?: number;
  payloadBytes?: number;
  vlanId?: number;
}

function tcpFrame(segment: Segment): Buffer {
  const isClient = segment.from === 'client';
  const [source, destination] = isClient ? ['10.0.0.10', '10.0.0.20'] : ['10.0.0.20', '10.0.0.10'];
  const clientPort = segment.clientPort ?? 40000;
  const [sourcePort, destinationPort] = isClient ? [clientPort, 104] : [104, clientPort];
  const tcp = tcpSegment(
    { sourcePort, destinationPort, flags: segment.flags },
    source,
    destination,
    Buffer.alloc(segment.payloadBytes ?? 0),
  );
  return ethernetFrame(
    {
      source: isClient ? clientMac : serverMac,
      destination: isClient ? serverMac : clientMac,
      etherType: 0x0800,
      ...(segment.vlanId ? { vlanIds: [segment.vlanId] } : {}),
    },
    ipv4Packet({ source, destination, protocol: 6 }, tcp),
  );
}

function run(segments: Segment[], config: Partial<ConstructorParameters<typeof FlowTable>[0]> = {}) {
  const ended: FlowRecord[] = [];
  const table = new FlowTable(
    { maxFlows: 16, flowIdleTimeoutMs: 60_000, flowExpiryIntervalMs: 1_000, ...config },
    (flow) => ended.push(flow),
  );
  const view = new PacketView();
  const counters = new DecodeCounters();
  segments.forEach((segment, index) => {
    decodePacket(
      packetFromFrame(tcpFrame(segment), { timestampMs: segment.atMs, packetNumber: index + 1 }),
      view,
      counters,
    );
    table.update(view);
  });
  return { table, ended };
}

const handshake: Segment[] = [
  { from: 'client', flags: TcpFlag.syn, atMs: 1_000 },
  { from: 'server', flags: TcpFlag.syn | TcpFlag.ack, atMs: 1_001 },
  { from: 'client', flags: TcpFlag.ack, atMs: 1_002 },
  { from: 'client', flags: TcpFlag.psh | TcpFlag.ack, atMs: 1_003, payloadBytes: 100 },
  { from: 'server', flags: TcpFlag.ack, atMs: 1_004 },
];

describe('FlowTable', () => {
  it('counts both directions of a conversation in one flow, from the initiator', () => {
    const { table, ended } = run(handshake);
    expect(table.activeFlows).toBe(1);
    table.endAll();
    expect(ended).toHaveLength(1);
    const flow = ended[0]!;
    expect(flow.initiator).toEqual({ address: '10.0.0.10', port: 40000, mac: clientMac });
    expect(flow.responder).toEqual({ address: '10.0.0.20', port: 104, mac: serverMac });
    expect([flow.packetsFromInitiator, flow.packetsFromResponder]).toEqual([3, 2]);
    expect(flow.bytesFromInitiator).toBe(60 + 60 + 154);
    expect(flow.bytesFromResponder).toBe(120);
    expect(flow.tcpFlagsFromInitiator).toBe(TcpFlag.syn | TcpFlag.ack | TcpFlag.psh);
    expect([flow.firstSeenMs, flow.lastSeenMs, flow.firstPacketNumber, flow.endReason]).toEqual([
      1_000,
      1_004,
      1,
      'end-of-capture',
    ]);
  });

  it('takes the receiver of a SYN-ACK seen first as the initiator', () => {
    const { table, ended } = run(handshake.slice(1));
    table.endAll();
    expect(ended[0]!.initiator.address).toBe('10.0.0.10');
  });

  it('keeps the same 5-tuple on different VLANs apart', () => {
    const { table } = run([
      { from: 'client', flags: TcpFlag.syn, atMs: 1, vlanId: 10 },
      { from: 'client', flags: TcpFlag.syn, atMs: 2, vlanId: 20 },
    ]);
    expect(table.activeFlows).toBe(2);
  });

  it('ends idle flows once capture time passes the timeout, and reports them', () => {
    const { table, ended } = run([
      { from: 'client', flags: TcpFlag.syn, atMs: 0, clientPort: 1 },
      { from: 'client', flags: TcpFlag.syn, atMs: 30_000, clientPort: 2 },
      { from: 'client', flags: TcpFlag.syn, atMs: 61_000, clientPort: 3 },
    ]);
    expect(ended.map((flow) => [flow.initiator.port, flow.endReason])).toEqual([[1, 'idle']]);
    expect(table.activeFlows).toBe(2);
  });

  it('evicts the least recently seen flow when full, never dropping it silently', () => {
    const segments: Segment[] = Array.from({ length: 20 }, (_, index) => ({
      from: 'client',
      flags: TcpFlag.syn,
      atMs: index,
      clientPort: 1000 + index,
    }));
    // Touch the first flow again so it is not the least recently seen.
    segments.splice(5, 0, { from: 'client', flags: TcpFlag.ack, atMs: 5, clientPort: 1000 });
    const { table, ended } = run(segments, { maxFlows: 8 });
    expect(table.activeFlows).toBe(8);
    expect(table.flowsEvicted).toBe(12);
    expect(ended.every((flow) => flow.endReason === 'evicted')).toBe(true);
    expect(ended.map((flow) => flow.initiator.port)).not.toContain(1000 + 19);
    expect(ended.map((flow) => flow.initiator.port).slice(0, 2)).toEqual([1001, 1002]);
    table.endAll();
    expect(table.flowsEnded).toBe(table.flowsStarted);
  });

  it('starts a new flow when a SYN reuses the ports of a closed connection', () => {
    const { table, ended } = run([
      ...handshake,
      { from: 'client', flags: TcpFlag.fin | TcpFlag.ack, atMs: 1_005 },
      { from: 'server', flags: TcpFlag.fin | TcpFlag.ack, atMs: 1_006 },
      { from: 'client', flags: TcpFlag.syn, atMs: 2_000 },
      { from: 'client', flags: TcpFlag.syn, atMs: 2_100 },
    ]);
    expect(
      ended.map((flow) => [flow.packetsFromInitiator + flow.packetsFromResponder, flow.endReason]),
    ).toEqual([[7, 'port-reused']]);
    table.endAll();
    expect(ended[1]!.packetsFromInitiator).toBe(2);
  });

  it('survives heavy churn with its index intact (insert, find and delete agree)', () => {
    const ended: FlowRecord[] = [];
    const table = new FlowTable({ maxFlows: 64, flowIdleTimeoutMs: 50, flowExpiryIntervalMs: 1 }, (flow) =>
      ended.push(flow),
    );
    const view = new PacketView();
    const counters = new DecodeCounters();
    let packets = 0;
    for (let index = 0; index < 5_000; index += 1) {
      const port = (index * 7919) % 300;
      const frame = ipv4Packet(
        { source: '10.0.0.1', destination: '10.0.0.2', protocol: 17 },
        udpDatagram(port + 1024, 53, '10.0.0.1', '10.0.0.2', Buffer.alloc(4)),
      );
      decodePacket(packetFromFrame(frame, { linkType: 101, timestampMs: index }), view, counters);
      table.update(view);
      packets += 1;
    }
    table.endAll();
    const counted = ended.reduce(
      (total, flow) => total + flow.packetsFromInitiator + flow.packetsFromResponder,
      0,
    );
    expect(counted).toBe(packets);
    expect(table.activeFlows).toBe(0);
  });
});
