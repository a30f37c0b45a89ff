import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionConfig } from '../config/detection.js';
import type { FlowRecord } from '../flows/flow-record.js';
import type { Observation } from '../observe/observation.js';
import { ActivityCollector } from './activity-collector.js';
import { clientsFact, reachesFact } from './fact-category.js';
import { type Reach, ReachTable } from './reach-table.js';

const hosts = ['10.1.0.5', '10.1.0.9', '192.168.7.20', '172.16.3.4', 'fd00::7'];

function answeredFlow(
  client: string,
  server: string,
  protocol: 6 | 17,
  port: number,
  atMs: number,
  packetNumber: number,
): Observation {
  const flow: FlowRecord = {
    ipVersion: client.includes(':') ? 6 : 4,
    protocol,
    vlanId: 0,
    initiator: { address: client, port: 50_000, mac: undefined, syn: undefined },
    responder: { address: server, port, mac: `02:00:00:00:00:${server.length}`, syn: undefined },
    packetsFromInitiator: 4,
    bytesFromInitiator: 400,
    packetsFromResponder: 4,
    bytesFromResponder: 400,
    tcpFlagsFromInitiator: 0x1a,
    tcpFlagsFromResponder: 0x12,
    firstSeenMs: atMs,
    lastSeenMs: atMs + 10,
    endReason: 'idle',
    firstPacketNumber: packetNumber,
    firstFileOffset: packetNumber * 100,
  };
  return {
    kind: 'flow.summary',
    timestampMs: atMs,
    evidence: { capture: 'ward.pcap', packetNumber, fileOffset: packetNumber * 100 },
    flow,
  };
}

const flowArbitrary = fc.record({
  client: fc.constantFrom(...hosts),
  server: fc.constantFrom(...hosts),
  protocol: fc.constantFrom<6 | 17>(6, 17),
  port: fc.constantFrom(22, 104, 443, 2575, 65_535),
  atMs: fc.integer({ min: 0, max: 10_000 }),
});

describe('the activity collector keeps what each host reached', () => {
  it('holds each reached service and each client once with its earliest sighting and packet, in any order of flows', () => {
    fc.assert(
      fc.property(fc.array(flowArbitrary, { maxLength: 400 }), (flows) => {
        const collector = new ActivityCollector(detectionConfig());
        type Held = Map<string, Map<string, { atMs: number; packetNumber: number }>>;
        const expected = { reaches: new Map() as Held, clients: new Map() as Held };
        const hold = (held: Held, host: string, fact: string, atMs: number, packetNumber: number) => {
          const facts = held.get(host) ?? new Map();
          held.set(host, facts);
          const known = facts.get(fact);
          if (known === undefined || atMs < known.atMs) facts.set(fact, { atMs, packetNumber });
        };
        flows.forEach((flow, index) => {
          collector.observe(
            answeredFlow(flow.client, flow.server, flow.protocol, flow.port, flow.atMs, index + 1),
          );
          const service = `${flow.protocol === 6 ? 'tcp' : 'udp'}/${flow.port}`;
          hold(expected.reaches, flow.client, reachesFact(service, flow.server), flow.atMs, index + 1);
          hold(expected.clients, flow.server, clientsFact(flow.client, service), flow.atMs, index + 1);
        });
        const hosts = collector.hosts();
        for (const category of ['reaches', 'clients'] as const) {
          const seen = new Map(
            hosts.map((host) => [
              host.ip,
              new Map(
                [...(host.facts.get(category) ?? [])].map(([fact, sighting]) => [
                  fact,
                  { atMs: sighting.firstSeenMs, packetNumber: sighting.evidence.packetNumber },
                ]),
              ),
            ]),
          );
          for (const [host, facts] of expected[category])
            expect(seen.get(host), `${category} of ${host}`).toEqual(facts);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('names the peer and its MAC on a reached service, and the reaching host among the peer’s clients', () => {
    const collector = new ActivityCollector(detectionConfig());
    collector.observe(answeredFlow('10.1.0.9', '10.1.0.5', 6, 104, 1_000, 3));
    const [pacs, viewer] = ['10.1.0.5', '10.1.0.9'].map((ip) =>
      collector.hosts().find((host) => host.ip === ip),
    );
    expect(viewer?.facts.get('reaches')?.get('tcp/104 on 10.1.0.5')).toEqual({
      firstSeenMs: 1_000,
      evidence: { capture: 'ward.pcap', packetNumber: 3, fileOffset: 300 },
      peerIp: '10.1.0.5',
      peerMac: '02:00:00:00:00:8',
    });
    expect([...(pacs?.facts.get('clients')?.keys() ?? [])]).toEqual(['10.1.0.9 to tcp/104']);
  });

  it('keeps at most the configured number of facts per host and counts the rest as dropped', () => {
    const config = detectionConfig({ maxBaselineFactsPerCategory: 50 });
    const collector = new ActivityCollector(config);
    for (let peer = 1; peer <= 80; peer += 1) {
      collector.observe(answeredFlow('10.2.0.1', `10.2.1.${peer}`, 6, 445, peer, peer));
      // Held facts seen again are never counted as dropped, whether the host is full or not.
      collector.observe(answeredFlow('10.2.0.1', '10.2.1.1', 6, 445, 100 + peer, 100 + peer));
    }
    const scanner = collector.hosts().find((host) => host.ip === '10.2.0.1');
    expect(scanner?.facts.get('reaches')?.size).toBe(50);
    expect(scanner?.dropped).toBe(30);
  });
});

describe('the reach table', () => {
  it('finds every entry again after growing, and gives them all back once when drained', () => {
    const table = new ReachTable();
    const evidence = { capture: 'a.pcap', packetNumber: 1, fileOffset: 0 };
    for (let index = 0; index < 20_000; index += 1) {
      expect(table.sightAgain(0x0a000001 + (index % 7), 0xc0a80000 + index, 6, 104, index, evidence)).toBe(
        false,
      );
      table.insert(0x0a000001 + (index % 7), 0xc0a80000 + index, 6, 104, index, evidence);
    }
    for (let index = 0; index < 20_000; index += 1)
      expect(table.sightAgain(0x0a000001 + (index % 7), 0xc0a80000 + index, 6, 104, 1e9, evidence)).toBe(
        true,
      );
    expect(table.sightAgain(0x0a000001, 0xc0a80000, 17, 104, 0, evidence)).toBe(false);
    const drained: Reach[] = [];
    table.drain((reach) => drained.push({ ...reach }));
    expect(drained).toHaveLength(20_000);
    expect(drained.find((reach) => reach.address === 0xc0a80000 + 19_999)).toMatchObject({
      owner: 0x0a000001 + (19_999 % 7),
      protocol: 6,
      port: 104,
      firstSeenMs: 19_999,
    });
    expect(table.size).toBe(0);
    table.drain(() => expect.unreachable('the table was drained'));
  });
});
