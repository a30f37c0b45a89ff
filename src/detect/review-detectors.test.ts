import { describe, expect, it } from 'vitest';
import { ActivityCollector } from '../baseline/activity-collector.js';
import type { BaselineProfile } from '../baseline/baseline.js';
import type { FactSets } from '../baseline/fact-category.js';
import { emptyProfile, learnActivity } from '../baseline/profile.js';
import { detectionConfig } from '../config/detection.js';
import type { FlowRecord } from '../flows/flow-record.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import type { NetworkEndpoint, Observation } from '../observe/observation.js';
import type { Detection } from './detection.js';
import { reviewDetectors } from './registry.js';
import type { ReviewedDevice, RunReview } from './review-detector.js';

const config = detectionConfig();
const evidence = { capture: 'test.pcap', packetNumber: 7, fileOffset: 700 };
const end = (ip: string, port: number): NetworkEndpoint => ({ ip, port, mac: undefined });

function association(calling: string, client: string, server: string): Observation {
  return {
    kind: 'dicom.association',
    timestampMs: 1_000,
    evidence,
    client: end(client, 50_000),
    server: end(server, 104),
    callingAeTitle: calling,
    calledAeTitle: 'PACS',
    isAccepted: true,
    rejection: undefined,
    applicationContext: undefined,
    presentationContexts: [],
    requestorMaxPduLength: undefined,
    requestorImplementationClassUid: undefined,
    requestorImplementationVersionName: undefined,
    acceptorImplementationClassUid: undefined,
    acceptorImplementationVersionName: undefined,
    userIdentityType: undefined,
  };
}

function command(name: string, client: string, server: string): Observation {
  return {
    kind: 'dicom.command',
    timestampMs: 2_000,
    evidence,
    client: end(client, 50_000),
    server: end(server, 104),
    isFromInitiator: true,
    command: name,
    sopClass: '1.2.840.10008.5.1.4.1.2.2.1',
    sopClassName: 'Study Root Query/Retrieve Information Model - FIND',
    status: undefined,
  };
}

function upload(client: string, server: string, bytes: number, atMs: number): Observation {
  const flow: FlowRecord = {
    ipVersion: 4,
    protocol: 6,
    vlanId: 0,
    initiator: { address: client, port: 50_000, mac: undefined, syn: undefined },
    responder: { address: server, port: 443, mac: undefined, syn: undefined },
    packetsFromInitiator: 100,
    bytesFromInitiator: bytes,
    packetsFromResponder: 100,
    bytesFromResponder: 6_000,
    tcpFlagsFromInitiator: 0x1b,
    tcpFlagsFromResponder: 0x12,
    firstSeenMs: atMs,
    lastSeenMs: atMs + 60_000,
    endReason: 'idle',
    firstPacketNumber: 7,
    firstFileOffset: 700,
  };
  return { kind: 'flow.summary', timestampMs: atMs + 60_000, evidence, flow };
}

function login(kind: 'telnet.login' | 'ftp.login', client: string, server: string): Observation {
  const base = { timestampMs: 3_000, evidence, client: end(client, 50_000), server: end(server, 23) };
  return kind === 'telnet.login'
    ? {
        kind,
        ...base,
        username: 'biomed',
        isPasswordSent: true,
        isAccepted: true,
        defaultCredential: undefined,
      }
    : {
        kind,
        ...base,
        username: 'biomed',
        isAnonymous: false,
        isPasswordSent: true,
        isAccepted: true,
        defaultCredential: undefined,
      };
}

function dnsAnswer(server: string, client: string): Observation {
  return {
    kind: 'dns.message',
    timestampMs: 4_000,
    evidence,
    protocol: 'dns',
    isResponse: true,
    transactionId: 1,
    responseCode: 0,
    sender: end(server, 53),
    receiver: end(client, 40_000),
    questions: [{ name: 'pacs.hospital.example', type: 'A' }],
    answers: [{ name: 'pacs.hospital.example', type: 'A', value: '10.1.0.5' }],
  };
}

function device(ip: string, type: string, category = 'medical'): DeviceRecord {
  return {
    id: `dev-${ip}`,
    ips: [ip],
    macs: [],
    type,
    category,
    manufacturer: null,
    vendor: null,
    attributes: [],
  } as unknown as DeviceRecord;
}

const profile = (facts: FactSets, outsideBytesPerHourMax = 0): BaselineProfile => ({
  ...emptyProfile(),
  facts,
  outsideBytesPerHourMax,
});

/** Runs the review detectors over what the observations showed, with the baselines given per address. */
function review(
  observations: readonly Observation[],
  devices: Record<
    string,
    { device: DeviceRecord; baseline?: BaselineProfile; typeBaseline?: BaselineProfile }
  >,
  site?: BaselineProfile,
): Detection[] {
  const collector = new ActivityCollector(config);
  for (const observation of observations) collector.observe(observation);
  const reviewed: ReviewedDevice[] = collector.hosts().flatMap((activity) => {
    const known = devices[activity.ip];
    if (known === undefined) return [];
    return [
      {
        device: known.device,
        activity,
        baseline: known.baseline && { version: 3, profile: known.baseline },
        typeBaseline: known.typeBaseline && { version: 2, profile: known.typeBaseline, members: 5 },
      },
    ];
  });
  const run: RunReview = {
    config,
    devices: reviewed,
    shown: reviewed.map(({ device, activity }) => ({
      device,
      firstSeenMs: activity.firstSeenMs,
      lastSeenMs: activity.lastSeenMs,
    })),
    site: site && { version: 1, profile: site },
    events: [],
  };
  const detections: Detection[] = [];
  for (const detector of reviewDetectors) detector.review(run, (detection) => detections.push(detection));
  return detections;
}

describe('review detectors against learned baselines', () => {
  it('names a DICOM query from a caller the archive never had, and says which callers it knew', () => {
    const pacs = {
      device: device('10.1.0.5', 'PACS'),
      baseline: profile({ dicomQueryCallers: ['"VIEWER" at 10.1.0.9'] }),
    };
    const detections = review(
      [
        association('VIEWER', '10.1.0.9', '10.1.0.5'),
        command('C-FIND-RQ', '10.1.0.9', '10.1.0.5'),
        association('FINDSCU', '10.1.0.66', '10.1.0.5'),
        command('C-FIND-RQ', '10.1.0.66', '10.1.0.5'),
      ],
      { '10.1.0.5': pacs },
    );
    expect(detections).toMatchObject([
      {
        type: 'dicom-query-from-new-peer',
        sources: [{ ip: '10.1.0.66' }],
        targets: [{ ip: '10.1.0.5' }],
        detail: {
          caller: ['"FINDSCU" at 10.1.0.66'],
          baselineCallers: ['"VIEWER" at 10.1.0.9'],
          baselineVersion: ['3'],
        },
      },
    ]);
  });

  it('names an hour of uploads far above the baseline, not one under the floor', () => {
    const workstation = (max: number) => ({
      device: device('10.1.0.12', 'workstation', 'IT'),
      baseline: profile({}, max),
    });
    const hour = Date.UTC(2026, 0, 6, 9);
    const big = review([upload('10.1.0.12', '203.0.113.66', 25_000_000, hour)], {
      '10.1.0.12': workstation(1_000_000),
    });
    expect(big).toMatchObject([
      { type: 'exfiltration-volume', sources: [{ ip: '10.1.0.12' }], targets: [{ ip: '203.0.113.66' }] },
    ]);
    expect(big[0]?.summary).toContain('25.0 MB');
    expect(
      review([upload('10.1.0.12', '203.0.113.66', 5_000_000, hour)], { '10.1.0.12': workstation(0) }),
    ).toEqual([]);
    expect(
      review([upload('10.1.0.12', '203.0.113.66', 25_000_000, hour)], {
        '10.1.0.12': workstation(4_000_000),
      }),
    ).toEqual([]);
  });

  it('names a protocol atypical for the type, with the actor as source on either side', () => {
    const pump = {
      device: device('10.1.0.31', 'infusion pump'),
      baseline: profile({}),
      typeBaseline: profile({ protocols: ['telnet server', 'tls client'], cleartextLogins: ['telnet'] }),
    };
    const detections = review(
      [login('telnet.login', '10.1.0.11', '10.1.0.31'), login('ftp.login', '10.1.0.66', '10.1.0.31')],
      { '10.1.0.31': pump },
    );
    expect(
      detections.map((detection) => [detection.type, detection.sources[0]?.ip, detection.severity]),
    ).toEqual([
      ['atypical-protocol', '10.1.0.66', 'high'],
      // Telnet logins are usual for pumps (the type's baseline); FTP is new.
      ['cleartext-credentials', '10.1.0.66', 'medium'],
    ]);
  });

  it('names DNS answers from a server the site never used', () => {
    const site = profile({ dnsServers: ['10.17.0.12'] });
    const monitor = { device: device('10.1.0.40', 'patient monitor'), baseline: profile({}) };
    const detections = review(
      [dnsAnswer('10.17.0.12', '10.1.0.40'), dnsAnswer('10.1.0.66', '10.1.0.40')],
      { '10.1.0.40': monitor },
      site,
    );
    expect(detections).toMatchObject([
      { type: 'dns-server-unexpected', key: '10.1.0.66', sources: [{ ip: '10.1.0.66' }] },
    ]);
  });

  it('learns facts once, bounded, and says whether anything changed', () => {
    const collector = new ActivityCollector(config);
    collector.observe(association('VIEWER', '10.1.0.9', '10.1.0.5'));
    collector.observe(command('C-FIND-RQ', '10.1.0.9', '10.1.0.5'));
    const first = learnActivity(emptyProfile(), collector.hosts(), 2);
    expect(first.changed).toBe(true);
    expect(first.profile.facts.dicomQueryCallers).toEqual(['"VIEWER" at 10.1.0.9']);
    expect(learnActivity(first.profile, collector.hosts(), 2).changed).toBe(false);
    expect(Object.values(first.profile.facts).every((facts) => (facts?.length ?? 0) <= 2)).toBe(true);
  });
});
