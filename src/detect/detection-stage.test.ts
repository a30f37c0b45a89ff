import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionConfig } from '../config/detection.js';
import type { FlowRecord } from '../flows/flow-record.js';
import type { Observation } from '../observe/observation.js';
import { DetectionStage } from './detection-stage.js';
import { detectors } from './registry.js';

const evidence = (packetNumber: number) => ({
  capture: 'test.pcap',
  packetNumber,
  fileOffset: packetNumber * 100,
});

/** A flow as the flow table reports it; a probe unless told otherwise. */
function flow(
  source: string,
  target: string,
  port: number,
  atMs: number,
  shape: Partial<FlowRecord> = {},
): Observation {
  const record: FlowRecord = {
    ipVersion: 4,
    protocol: 6,
    vlanId: 0,
    initiator: { address: source, port: 40_000 + (port % 20_000), mac: '02:00:00:00:00:66', syn: undefined },
    responder: { address: target, port, mac: '02:00:00:00:00:21', syn: undefined },
    packetsFromInitiator: 1,
    bytesFromInitiator: 60,
    packetsFromResponder: 1,
    bytesFromResponder: 60,
    tcpFlagsFromInitiator: 0x02,
    tcpFlagsFromResponder: 0x14,
    firstSeenMs: atMs,
    lastSeenMs: atMs + 1,
    endReason: 'idle',
    firstPacketNumber: port,
    firstFileOffset: port * 100,
    ...shape,
  };
  return { kind: 'flow.summary', timestampMs: record.lastSeenMs, evidence: evidence(port), flow: record };
}

function arp(
  mac: string,
  ip: string,
  targetIp: string,
  atMs: number,
  operation: 'request' | 'reply',
): Observation {
  return {
    kind: 'arp.binding',
    timestampMs: atMs,
    evidence: evidence(Math.floor(atMs)),
    mac,
    ip,
    targetIp,
    operation,
    isGratuitous: false,
    vlanId: 0,
  };
}

function smbActivity(
  client: string,
  server: string,
  filesWritten: number,
  renames: number,
  atMs: number,
): Observation {
  return {
    kind: 'smb.file-activity',
    timestampMs: atMs,
    evidence: evidence(Math.floor(atMs)),
    client: { ip: client, port: 50_000, mac: undefined },
    server: { ip: server, port: 445, mac: undefined },
    creates: filesWritten,
    writes: filesWritten * 3,
    filesWritten,
    renames,
    deletes: 0,
    firstMs: atMs - 1_000,
    lastMs: atMs,
  };
}

function hl7(client: string, server: string, atMs: number): Observation {
  return {
    kind: 'hl7.message',
    timestampMs: atMs,
    evidence: evidence(Math.floor(atMs)),
    client: { ip: client, port: 50_000, mac: undefined },
    server: { ip: server, port: 2575, mac: undefined },
    isFromInitiator: true,
    sendingApplication: 'LAB',
    sendingFacility: 'MAIN',
    receivingApplication: 'EHR',
    receivingFacility: 'MAIN',
    messageType: 'ORU^R01',
    messageCode: 'ORU',
    triggerEvent: 'R01',
    controlId: '1',
    version: '2.5',
    acknowledgementCode: undefined,
    segments: ['MSH', 'PID', 'OBR', 'OBX'],
    phiSegments: ['PID'],
  };
}

function ftpLogin(
  client: string,
  server: string,
  username: string,
  isAccepted: boolean,
  atMs: number,
): Observation {
  return {
    kind: 'ftp.login',
    timestampMs: atMs,
    evidence: evidence(atMs),
    client: { ip: client, port: 50_000, mac: undefined },
    server: { ip: server, port: 21, mac: undefined },
    username,
    isAnonymous: false,
    isPasswordSent: true,
    isAccepted,
    defaultCredential:
      username === 'admin' ? 'admin-2: admin with a factory default of many embedded devices' : undefined,
  };
}

function dhcpReply(serverIp: string, serverMac: string, client: string, atMs: number): Observation {
  return {
    kind: 'dhcp.message',
    timestampMs: atMs,
    evidence: evidence(atMs),
    messageType: 'offer',
    isFromClient: false,
    transactionId: atMs,
    clientMac: client,
    senderMac: serverMac,
    senderIp: serverIp,
    leasedIp: undefined,
    relayIp: undefined,
    clientIp: undefined,
    requestedIp: undefined,
    serverId: serverIp,
    hostname: undefined,
    vendorClass: undefined,
    clientId: undefined,
    fqdn: undefined,
    parameterRequestList: undefined,
    leaseTimeSeconds: undefined,
    vlanId: 20,
  };
}

function run(observations: readonly Observation[]) {
  const stage = new DetectionStage();
  for (const observation of observations) stage.observe(observation);
  return stage.detections();
}

describe('detection stage', () => {
  it('names a SYN scan of one host with its attacker, target and every port probed', () => {
    const detections = run(
      Array.from({ length: 100 }, (_, index) => flow('10.6.0.66', '10.6.0.21', index + 1, 1_000 + index)),
    );
    expect(detections).toHaveLength(1);
    const [scan] = detections;
    expect(scan).toMatchObject({
      type: 'port-scan',
      key: '10.6.0.66',
      severity: 'medium',
      techniques: ['T0846', 'T1046'],
      count: 100,
      sources: [{ ip: '10.6.0.66' }],
      targets: [{ ip: '10.6.0.21' }],
    });
    expect(scan?.detail.ports).toHaveLength(100);
    expect(scan?.detail.method).toEqual(['TCP SYN']);
    expect(scan?.summary).toBe('10.6.0.66 probed 100 ports on 10.6.0.21 (TCP SYN scan, 100 probes)');
    expect(scan?.evidence).toHaveLength(20);
  });

  it('names every method used before the threshold was crossed, not only the crossing probe', () => {
    // Fifteen SYN probes (under the threshold of 20), then UDP probes cross it in the same window.
    const syn = Array.from({ length: 15 }, (_, index) =>
      flow('10.6.0.66', '10.6.0.21', index + 1, 1_000 + index),
    );
    const udp = Array.from({ length: 10 }, (_, index) =>
      flow('10.6.0.66', '10.6.0.21', 100 + index, 2_000 + index, {
        protocol: 17,
        tcpFlagsFromInitiator: 0,
        tcpFlagsFromResponder: 0,
        packetsFromResponder: 0,
      }),
    );
    const [scan] = run([...syn, ...udp]);
    expect(scan?.detail.method?.sort()).toEqual(['TCP SYN', 'UDP']);
    expect(scan?.detail.ports).toHaveLength(25);
    expect(scan?.count).toBe(25);
  });

  it('does not take a client using a few services, or long sessions, for a scan', () => {
    const session = {
      packetsFromInitiator: 40,
      packetsFromResponder: 38,
      tcpFlagsFromInitiator: 0x1a,
      tcpFlagsFromResponder: 0x1a,
    };
    const observations = [
      ...[80, 443, 104, 2575].map((port, index) => flow('10.6.0.40', '10.6.0.30', port, index)),
      // Passive FTP opens a data connection to a new port for every file: data, so no probe.
      ...Array.from({ length: 60 }, (_, index) =>
        flow('10.6.0.40', '10.6.0.30', 30_000 + index, 100 + index, session),
      ),
    ];
    expect(run(observations)).toEqual([]);
  });

  it('names a host sweep but not a poller whose UDP questions are answered', () => {
    const sweep = Array.from({ length: 30 }, (_, index) =>
      flow('10.6.0.66', `10.6.1.${index + 1}`, 445, index),
    );
    const poller = Array.from({ length: 30 }, (_, index) =>
      flow('10.6.0.5', `10.6.1.${index + 1}`, 161, index, {
        protocol: 17,
        tcpFlagsFromInitiator: 0,
        tcpFlagsFromResponder: 0,
      }),
    );
    const detections = run([...sweep, ...poller]);
    expect(
      detections.map((detection) => `${detection.type} ${detection.key} ${detection.targets.length}`),
    ).toEqual(['host-sweep 10.6.0.66 30']);
  });

  it('names the MAC that claims an address another MAC holds, never the owner', () => {
    const owner = '02:00:00:00:00:30';
    const spoofer = '02:00:00:00:00:66';
    const detections = run([
      arp(owner, '10.6.0.30', '10.6.0.21', 1_000, 'reply'),
      ...Array.from({ length: 5 }, (_, index) =>
        arp(spoofer, '10.6.0.30', '10.6.0.21', 2_000 + index * 1_000, 'reply'),
      ),
      arp(owner, '10.6.0.30', '10.6.0.21', 9_000, 'reply'),
    ]);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      type: 'address-conflict',
      key: spoofer,
      severity: 'high',
      count: 5,
      sources: [{ mac: spoofer }],
      targets: [{ ip: '10.6.0.30', mac: owner }],
    });
  });

  it('names an ARP sweep by the MAC asking', () => {
    const detections = run(
      Array.from({ length: 254 }, (_, index) =>
        arp('02:00:00:00:00:66', '10.6.0.66', `10.6.0.${index + 1}`, index * 10, 'request'),
      ),
    );
    expect(detections.map((detection) => [detection.type, detection.key, detection.targets.length])).toEqual([
      ['arp-sweep', '02:00:00:00:00:66', 254],
    ]);
  });

  it('names password guessing and the guess that worked, never the password', () => {
    const guesses = Array.from({ length: 8 }, (_, index) =>
      ftpLogin('10.6.0.66', '10.6.0.21', 'biomed', false, 1_000 + index * 500),
    );
    const detections = run([...guesses, ftpLogin('10.6.0.66', '10.6.0.21', 'biomed', true, 6_000)]);
    expect(detections.map((detection) => [detection.type, detection.severity, detection.count])).toEqual([
      ['login-brute-force', 'high', 8],
      ['login-after-failures', 'critical', 1],
    ]);
    expect(detections[0]?.detail.usernames).toEqual(['biomed']);
    expect(detections[1]?.summary).toBe(
      'FTP login accepted for biomed from 10.6.0.66 to 10.6.0.21 after 8 refused',
    );
  });

  it('lets a biomed engineer mistype a password and log in', () => {
    const detections = run([
      ftpLogin('10.6.0.40', '10.6.0.21', 'biomed', false, 1_000),
      ftpLogin('10.6.0.40', '10.6.0.21', 'biomed', true, 5_000),
    ]);
    expect(detections).toEqual([]);
  });

  it('names connection churn against a login service', () => {
    const answered = {
      packetsFromInitiator: 12,
      packetsFromResponder: 10,
      tcpFlagsFromInitiator: 0x1b,
      tcpFlagsFromResponder: 0x1b,
    };
    const detections = run(
      Array.from({ length: 20 }, (_, index) => flow('10.6.0.66', '10.6.0.21', 22, index * 1_000, answered)),
    );
    expect(detections.map((detection) => [detection.type, detection.count])).toEqual([
      ['connection-churn', 20],
    ]);
  });

  it('names a host opening SMB and RDP sessions with many hosts, not a workstation with its file server', () => {
    const session = {
      packetsFromInitiator: 8,
      packetsFromResponder: 6,
      tcpFlagsFromInitiator: 0x1b,
      tcpFlagsFromResponder: 0x1b,
    };
    const fanOut = Array.from({ length: 12 }, (_, index) =>
      flow('10.6.2.15', `10.6.3.${index + 1}`, index % 2 ? 3389 : 445, index * 1_000, session),
    );
    // Windows keeps one SMB connection to its file server; a few over the day, not a burst.
    const fileServer = Array.from({ length: 12 }, (_, index) =>
      flow('10.6.2.16', '10.6.3.200', 445, index * 600_000, session),
    );
    const detections = run([...fanOut, ...fileServer]);
    expect(detections.map((detection) => [detection.type, detection.key, detection.targets.length])).toEqual([
      ['lateral-movement', '10.6.2.15', 12],
    ]);
    expect(detections[0]?.techniques).toEqual(['T0886', 'T1021']);
  });

  it('names a second DHCP server on a VLAN, not the first one', () => {
    const detections = run([
      dhcpReply('10.6.0.1', '02:00:00:00:00:01', '02:00:00:00:10:01', 1_000),
      dhcpReply('10.6.0.1', '02:00:00:00:00:01', '02:00:00:00:10:02', 2_000),
      dhcpReply('10.6.0.66', '02:00:00:00:00:66', '02:00:00:00:10:03', 3_000),
      dhcpReply('10.6.0.66', '02:00:00:00:00:66', '02:00:00:00:10:04', 4_000),
    ]);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      type: 'rogue-dhcp-server',
      count: 2,
      sources: [{ ip: '10.6.0.66', mac: '02:00:00:00:00:66' }],
    });
    expect(detections[0]?.targets).toHaveLength(2);
    expect(detections[0]?.summary).toBe(
      '10.6.0.66 answers DHCP on VLAN 20, which 10.6.0.1 serves (2 replies to 2 clients)',
    );
  });

  it('names a flood of gratuitous ARPs, not a host announcing itself a few times', () => {
    const gratuitous = (mac: string, ip: string, atMs: number): Observation => ({
      ...(arp(mac, ip, ip, atMs, 'request') as Extract<Observation, { kind: 'arp.binding' }>),
      isGratuitous: true,
    });
    const detections = run([
      ...Array.from({ length: 3 }, (_, index) => gratuitous('02:00:00:00:00:30', '10.6.0.30', index * 1_000)),
      ...Array.from({ length: 50 }, (_, index) => gratuitous('02:00:00:00:00:66', '10.6.0.1', index * 500)),
    ]);
    expect(detections.map((detection) => [detection.type, detection.key, detection.count])).toEqual([
      ['gratuitous-arp-flood', '02:00:00:00:00:66', 50],
    ]);
  });

  it('names a client rewriting many files over SMB, not one saving a few documents', () => {
    const detections = run([
      smbActivity('10.8.0.12', '10.8.0.2', 64, 0, 10_000),
      smbActivity('10.8.0.12', '10.8.0.2', 30, 34, 20_000),
      smbActivity('10.8.0.13', '10.8.0.2', 12, 1, 20_000),
      smbActivity('10.8.0.13', '10.8.0.2', 12, 1, 20_000 + 10 * 60_000),
    ]);
    expect(detections).toMatchObject([
      {
        type: 'ransomware-smb',
        severity: 'critical',
        count: 128,
        sources: [{ ip: '10.8.0.12' }],
        targets: [{ ip: '10.8.0.2' }],
      },
    ]);
  });

  it('names a login with a default credential by its list entry, never the password', () => {
    const detections = run([ftpLogin('10.8.0.66', '10.8.0.40', 'admin', true, 1)]).filter(
      (detection) => detection.type === 'default-credential',
    );
    expect(detections).toMatchObject([
      {
        key: '10.8.0.40/FTP',
        severity: 'high',
        techniques: ['T0812', 'T1078'],
        sources: [{ ip: '10.8.0.66' }],
        detail: { credential: [expect.stringMatching(/^admin-2: /)], verdict: ['accepted'] },
      },
    ]);
    expect(detections[0]?.summary).toContain('the device accepted it');
  });

  it('names HL7 crossing to the Internet, not HL7 inside the hospital', () => {
    const detections = run([hl7('10.8.0.20', '203.0.113.9', 1), hl7('10.8.0.20', '10.8.0.30', 2)]);
    expect(detections).toMatchObject([
      { type: 'clinical-protocol-to-outside', key: '10.8.0.20>203.0.113.9', detail: { protocol: ['HL7'] } },
    ]);
  });

  it('names a clinical protocol spoken from an untrusted zone, only when zones say so', () => {
    const zones = [
      { name: 'ICU', cidr: '10.10.0.0/16', trust: 'clinical' as const },
      { name: 'guest Wi-Fi', cidr: '10.15.0.0/16', trust: 'untrusted' as const },
      { name: 'data centre', cidr: '10.17.0.0/16' },
    ];
    const traffic = [
      hl7('10.15.3.9', '10.10.0.20', 1),
      hl7('10.15.3.9', '10.17.0.5', 2),
      // A clinical host sending to a receiver on the guest network is the same crossing.
      hl7('10.10.0.21', '10.15.3.10', 3),
      // Ordinary: the ICU to the data centre's EHR, two guests between themselves, the Internet.
      hl7('10.10.0.20', '10.17.0.5', 4),
      hl7('10.15.3.9', '10.15.3.11', 5),
      hl7('10.15.3.9', '203.0.113.9', 6),
    ];
    const stage = new DetectionStage(undefined, undefined, zones);
    for (const observation of traffic) stage.observe(observation);
    const crossings = stage
      .detections()
      .filter((detection) => detection.type === 'clinical-protocol-from-untrusted-zone');
    expect(crossings).toMatchObject([
      {
        key: '10.15.3.9',
        severity: 'high',
        count: 2,
        sources: [{ ip: '10.15.3.9' }],
        targets: [{ ip: '10.10.0.20' }, { ip: '10.17.0.5' }],
        detail: { untrustedZone: ['guest Wi-Fi'], otherZone: ['ICU', 'data centre'], protocol: ['HL7'] },
      },
      {
        key: '10.15.3.10',
        severity: 'high',
        sources: [{ ip: '10.10.0.21' }],
        targets: [{ ip: '10.15.3.10' }],
      },
    ]);
    expect(crossings[0]?.summary).toContain(
      '10.15.3.9 in the untrusted zone guest Wi-Fi and 2 hosts in ICU, data centre',
    );
    expect(
      run(traffic).filter((detection) => detection.type === 'clinical-protocol-from-untrusted-zone'),
    ).toEqual([]);
  });

  it('cites only ATT&CK techniques that exist in the copied tables', async () => {
    const { knownTechnique } = await import('./techniques.js');
    const observations = [
      ...Array.from({ length: 30 }, (_, index) => flow('10.6.0.66', '10.6.0.21', index + 1, index)),
      ...Array.from({ length: 30 }, (_, index) => flow('10.6.0.66', `10.6.1.${index}`, 80, index)),
      ...Array.from({ length: 30 }, (_, index) =>
        arp('02:00:00:00:00:66', '10.6.0.66', `10.6.0.${index}`, index, 'request'),
      ),
      arp('02:00:00:00:00:30', '10.6.0.30', '10.6.0.1', 1, 'reply'),
      arp('02:00:00:00:00:66', '10.6.0.30', '10.6.0.1', 2, 'reply'),
      ...Array.from({ length: 6 }, (_, index) => ftpLogin('10.6.0.66', '10.6.0.21', 'root', false, index)),
      ftpLogin('10.6.0.66', '10.6.0.21', 'root', true, 10),
      dhcpReply('10.6.0.1', '02:00:00:00:00:01', '02:00:00:00:10:01', 1),
      dhcpReply('10.6.0.66', '02:00:00:00:00:66', '02:00:00:00:10:02', 2),
      smbActivity('10.6.0.66', '10.6.0.2', 120, 0, 5),
      ftpLogin('10.6.0.66', '10.6.0.22', 'admin', false, 11),
      hl7('10.6.0.66', '198.51.100.7', 12),
    ];
    const types = new Set<string>();
    for (const detection of run(observations)) {
      types.add(detection.type);
      for (const technique of detection.techniques)
        expect(knownTechnique(technique), technique).toBeDefined();
    }
    expect(types.size).toBeGreaterThanOrEqual(9);
    expect(detectors.map((detector) => detector.type)).toEqual(expect.arrayContaining([...types]));
  });

  it('keeps its memory bounded under a scan from a million spoofed sources', () => {
    const stage = new DetectionStage(detectionConfig({ maxTrackedKeys: 10_000 }));
    for (let index = 0; index < 1_000_000; index += 1) {
      const source = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
      stage.observe(flow(source, '10.200.0.1', 80 + (index % 3), index));
    }
    for (const [type, evicted] of stage.evictedByType())
      if (type === 'port-scan' || type === 'host-sweep') expect(evicted, type).toBeGreaterThan(900_000);
    expect(stage.detections()).toEqual([]);
  }, 60_000);

  it('never throws on random observation sequences', () => {
    const address = fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '::1', '');
    const observation = fc.oneof(
      fc
        .record({
          source: address,
          target: address,
          port: fc.integer({ min: 0, max: 65_535 }),
          atMs: fc.double({ min: -1e12, max: 1e13, noNaN: false }),
          protocol: fc.constantFrom(1, 6, 17, 58, 132),
          packets: fc.integer({ min: 0, max: 5 }),
          flags: fc.integer({ min: 0, max: 255 }),
        })
        .map(({ source, target, port, atMs, protocol, packets, flags }) =>
          flow(source, target, port, atMs, {
            protocol,
            packetsFromInitiator: packets,
            tcpFlagsFromInitiator: flags,
          }),
        ),
      fc
        .record({
          mac: fc.constantFrom('02:00:00:00:00:01', '02:00:00:00:00:02'),
          ip: address,
          target: address,
          atMs: fc.integer(),
        })
        .map(({ mac, ip, target, atMs }) => arp(mac, ip, target, atMs, atMs % 2 === 0 ? 'request' : 'reply')),
      fc
        .record({ client: address, server: address, name: fc.string(), ok: fc.boolean(), atMs: fc.integer() })
        .map(({ client, server, name, ok, atMs }) => ftpLogin(client, server, name, ok, atMs)),
      fc
        .record({
          client: address,
          server: address,
          files: fc.integer({ min: -5, max: 500 }),
          renames: fc.integer({ min: 0, max: 100 }),
          atMs: fc.integer(),
        })
        .map(({ client, server, files, renames, atMs }) => smbActivity(client, server, files, renames, atMs)),
      fc
        .record({ client: address, server: address, atMs: fc.integer() })
        .map(({ client, server, atMs }) => hl7(client, server, atMs)),
    );
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 300 }), (observations) => {
        const stage = new DetectionStage(
          detectionConfig({ portScanPorts: 3, hostSweepHosts: 2, loginFailures: 2 }),
        );
        for (const item of observations) stage.observe(item);
        for (const detection of stage.detections()) expect(detection.count).toBeGreaterThan(0);
        expect(stage.internalErrors).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
