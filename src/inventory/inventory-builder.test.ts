import { describe, expect, it } from 'vitest';
import type { DhcpMessageObservation } from '../dissect/dhcp/observation.js';
import type { Observation } from '../observe/observation.js';
import { InventoryBuilder } from './inventory-builder.js';
import { OuiRegistry } from './oui-registry.js';

const registry = OuiRegistry.load({ ieeeDataDirectory: '/nonexistent' });
const evidence = (packetNumber: number) => ({
  capture: 'c.pcap',
  packetNumber,
  fileOffset: packetNumber * 100,
});

function dhcp(overrides: Partial<DhcpMessageObservation>): DhcpMessageObservation {
  return {
    kind: 'dhcp.message',
    timestampMs: 1_000,
    evidence: evidence(1),
    messageType: 'request',
    isFromClient: true,
    transactionId: 1,
    clientMac: '00:1a:01:12:34:56',
    senderMac: '00:1a:01:12:34:56',
    senderIp: '0.0.0.0',
    leasedIp: undefined,
    relayIp: undefined,
    clientIp: undefined,
    requestedIp: undefined,
    serverId: undefined,
    hostname: undefined,
    vendorClass: undefined,
    clientId: undefined,
    fqdn: undefined,
    parameterRequestList: undefined,
    leaseTimeSeconds: undefined,
    vlanId: 0,
    ...overrides,
  };
}

function build(observations: Observation[]) {
  const builder = new InventoryBuilder(registry);
  for (const observation of observations) builder.observe(observation);
  return builder.devices();
}

describe('InventoryBuilder', () => {
  it('gives a DHCP client its hostname, leased IP and vendor, each with evidence', () => {
    const devices = build([
      dhcp({ hostname: 'icu-pump-07', parameterRequestList: [1, 3, 6], requestedIp: '10.0.0.57' }),
      dhcp({
        timestampMs: 2_000,
        evidence: evidence(2),
        isFromClient: false,
        messageType: 'ack',
        senderMac: '52:54:00:00:00:01',
        senderIp: '10.0.0.1',
        serverId: '10.0.0.1',
        leasedIp: '10.0.0.57',
      }),
    ]);
    const pump = devices.find((device) => device.identityKey === 'mac:00:1a:01:12:34:56')!;
    const attributes = [...pump.attributes.values()];
    expect(attributes.find((attribute) => attribute.name === 'hostname')).toMatchObject({
      value: 'icu-pump-07',
      source: 'dhcp.message',
      evidence: evidence(1),
    });
    expect(attributes.find((attribute) => attribute.name === 'ip')).toMatchObject({
      value: '10.0.0.57',
      confidence: 0.95,
      evidence: evidence(2),
    });
    expect(attributes.find((attribute) => attribute.name === 'dhcp.parameter-request-list')?.value).toBe(
      '1,3,6',
    );
    expect(attributes.find((attribute) => attribute.name === 'dhcp.requested-ip')).toMatchObject({
      value: '10.0.0.57',
      confidence: 0.5,
    });
    expect(attributes.find((attribute) => attribute.name === 'dhcp.server-id')?.value).toBe('10.0.0.1');
    expect(attributes.find((attribute) => attribute.name === 'vendor')).toMatchObject({
      source: 'ieee-oui:MA-L',
    });
    expect([pump.firstSeenMs, pump.lastSeenMs]).toEqual([1_000, 2_000]);
    // 52:54:00 is locally administered: the server is flagged and not looked up.
    const server = devices.find((device) => device.identityKey === 'mac:52:54:00:00:00:01')!;
    const serverAttributes = [...server.attributes.values()];
    expect(serverAttributes.some((attribute) => attribute.name === 'vendor')).toBe(false);
    expect(serverAttributes.find((attribute) => attribute.name === 'mac.locally-administered')?.value).toBe(
      'true',
    );
    expect(serverAttributes.find((attribute) => attribute.name === 'role')?.value).toBe('dhcp-server');
    expect([...server.protocols.keys()]).toEqual(['dhcp']);
  });

  it('does not take a relay for the DHCP server', () => {
    const devices = build([
      dhcp({
        isFromClient: false,
        messageType: 'ack',
        senderMac: '00:00:0c:00:00:01',
        relayIp: '10.9.0.1',
        leasedIp: '10.9.0.20',
      }),
    ]);
    expect(devices.map((device) => device.identityKey)).toEqual(['mac:00:1a:01:12:34:56']);
  });

  it('binds ARP senders to their address and keeps the earliest evidence', () => {
    const arp = (packetNumber: number, timestampMs: number): Observation => ({
      kind: 'arp.binding',
      timestampMs,
      evidence: evidence(packetNumber),
      mac: '00:1a:01:12:34:56',
      ip: '10.0.0.57',
      targetIp: '10.0.0.1',
      operation: 'reply',
      isGratuitous: false,
      vlanId: 0,
    });
    const [device] = build([arp(5, 5_000), arp(3, 3_000), arp(9, 9_000)]);
    const ip = [...device!.attributes.values()].find((attribute) => attribute.name === 'ip')!;
    expect([ip.firstSeenMs, ip.lastSeenMs, ip.evidence.packetNumber]).toEqual([3_000, 9_000, 3]);
  });
});
