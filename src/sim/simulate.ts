import { writeFileSync } from 'node:fs';
import { type AttackName, type Incident, injectAttack } from './attacks.js';
import { CaptureStream } from './capture-stream.js';
import type { Behaviour } from './catalogue.js';
import { type SimContext, TruthBook } from './context.js';
import {
  announceSdcProvider,
  fetchSdcMetadata,
  sendAdmission,
  sendResults,
  storeStudy,
  uploadPointOfCare,
} from './conversations/clinical.js';
import {
  fetchLogsOverFtp,
  maintainOverTelnet,
  openFileShare,
  openWebInterface,
  reachVendorCloud,
} from './conversations/it.js';
import {
  advertiseNeighbour,
  announceAddress,
  joinNetwork,
  lookUp,
  renewLease,
  resolveRouter,
  synchroniseClock,
} from './conversations/network.js';
import { buildHospital, type SimDevice } from './hospital.js';
import { SeededRandom } from './random.js';
import { Schedule } from './schedule.js';
import { truthOf } from './truth.js';

export interface SimulationOptions {
  devices: number;
  durationSeconds: number;
  seed: number;
  /**
   * Which day of the same hospital to write: day 0 is the first; a later day keeps the devices,
   * their addresses and roles (they come from the seed) but draws their traffic afresh and starts
   * that many days later. Baselines learned on one day are tested on another this way.
   */
  day?: number;
  /**
   * Hours of the day (UTC, from inclusive to exclusive) in which devices do clinical work: studies,
   * results, admissions, point-of-care uploads, file shares, web sessions. Outside them devices stay
   * on the network (leases, names, time) but idle, as a department closed at night. Every hour when
   * not given, which keeps the bytes of earlier runs.
   */
  clinicalHours?: { from: number; to: number };
  out: string;
  attacks?: readonly AttackName[];
  /** Called now and then with simulated microseconds done and in all. */
  onProgress?: (doneUs: number, totalUs: number) => void;
}

export interface SimulationResult {
  packets: number;
  bytes: number;
  devices: number;
  truthPath: string;
}

/** Simulated time starts here on day 0, fixed, so that the same seed gives the same bytes. */
const firstDayStartUs = Date.UTC(2026, 0, 5, 7, 0, 0) * 1000;
const second = 1_000_000;
const dayUs = 86_400 * second;

/** How often each behaviour recurs, in seconds (each occurrence jittered by ±20 %). */
const periodSeconds: Readonly<Record<Behaviour, number>> = {
  'dicom-store': 900,
  'hl7-results': 120,
  'hl7-admissions': 60,
  poct: 1200,
  'sdc-discovery': 600,
  smb2: 600,
  smb1: 900,
  'vendor-cloud': 900,
  'telnet-service': 1800,
  'ftp-service': 2400,
  'web-ui': 1800,
};

/** Share of devices offering telnet or FTP whose maintenance actually uses them: the legacy ones. */
const legacyShare = 0.15;

function behave(context: SimContext, device: SimDevice, behaviour: Behaviour, atUs: number): void {
  switch (behaviour) {
    case 'dicom-store':
      storeStudy(context, device, atUs);
      return;
    case 'hl7-results':
      sendResults(context, device, atUs);
      return;
    case 'hl7-admissions':
      sendAdmission(context, device, atUs);
      return;
    case 'poct':
      uploadPointOfCare(context, device, atUs);
      return;
    case 'sdc-discovery':
      fetchSdcMetadata(context, device, announceSdcProvider(context, device, atUs) + 5_000);
      return;
    case 'smb2':
    case 'smb1':
      openFileShare(context, device, behaviour === 'smb1', atUs);
      return;
    case 'vendor-cloud':
      reachVendorCloud(context, device, atUs);
      return;
    case 'telnet-service':
      if (context.legacy.has(device.index)) maintainOverTelnet(context, device, atUs);
      return;
    case 'ftp-service':
      if (context.legacy.has(device.index)) fetchLogsOverFtp(context, device, atUs);
      return;
    case 'web-ui':
      openWebInterface(context, device, atUs);
      return;
  }
}

/** Behaviours that are clinical work, done only in the clinical hours when those are given. */
const clinicalWork: ReadonlySet<Behaviour> = new Set([
  'dicom-store',
  'hl7-results',
  'hl7-admissions',
  'poct',
  'smb1',
  'smb2',
  'web-ui',
]);

function isWorking(behaviour: Behaviour, atUs: number, hours: SimulationOptions['clinicalHours']): boolean {
  if (hours === undefined || !clinicalWork.has(behaviour)) return true;
  const hour = new Date(atUs / 1000).getUTCHours();
  return hours.from <= hours.to
    ? hour >= hours.from && hour < hours.to
    : hour >= hours.from || hour < hours.to;
}

/**
 * Writes a deterministic capture of a hospital (`options.out`, pcapng) and its ground truth
 * (`….truth.json` beside it): every device joins the network by DHCP (the router and the
 * DHCP/DNS server, which have static addresses, announce themselves by ARP and LLDP), then each
 * does what its kind does, at its own pace, for the simulated duration. Frames stream to disk as
 * they are made; memory holds the hospital and one agenda entry per recurring behaviour.
 */
export function simulateHospital(options: SimulationOptions): SimulationResult {
  const hospitalRandom = new SeededRandom(options.seed);
  const hospital = buildHospital(options.devices, hospitalRandom);
  const legacy = new Set(
    hospital.devices
      .filter(
        (device) => device.kind.behaviours.includes('telnet-service') && hospitalRandom.chance(legacyShare),
      )
      .map((device) => device.index),
  );
  const day = options.day ?? 0;
  const startUs = firstDayStartUs + day * dayUs;
  // Day 0 goes on drawing from the hospital's generator, so its bytes stay what they were.
  const random = day === 0 ? hospitalRandom : new SeededRandom((options.seed * 7_919 + day * 104_729) >>> 0);
  const stream = new CaptureStream(options.out, startUs);
  const context: SimContext = { stream, random, hospital, truth: new TruthBook(), legacy };
  const schedule = new Schedule();
  const jitter = (seconds: number) => Math.round(seconds * second * random.between(0.8, 1.2));
  const staticServices = new Set([hospital.services.get('router'), hospital.services.get('dhcp-dns')]);
  const serviceNames = [...hospital.services.values()].filter((device) => !staticServices.has(device));
  for (const device of hospital.devices) {
    if (staticServices.has(device)) {
      schedule.add(startUs + random.below(second), (atUs) => {
        advertiseNeighbour(context, device, announceAddress(context, device, atUs) + 1000);
        return jitter(30);
      });
      continue;
    }
    let hasJoined = false;
    schedule.add(startUs + random.below(60 * second), (atUs) => {
      if (hasJoined) renewLease(context, device, atUs);
      else joinNetwork(context, device, atUs);
      hasJoined = true;
      return jitter(1800);
    });
    schedule.add(startUs + 60 * second + random.below(300 * second), (atUs) => {
      const target = random.pick(serviceNames);
      lookUp(context, device, `${target.hostname}.${hospital.domain}`, target.ip, atUs);
      return jitter(300);
    });
    // Background every host makes: time synchronisation and finding the router.
    schedule.add(startUs + 60 * second + random.below(1024 * second), (atUs) => {
      synchroniseClock(context, device, atUs);
      return jitter(1024);
    });
    schedule.add(startUs + 60 * second + random.below(900 * second), (atUs) => {
      resolveRouter(context, device, atUs);
      return jitter(900);
    });
    for (const behaviour of device.kind.behaviours) {
      const period = periodSeconds[behaviour];
      schedule.add(startUs + 60 * second + random.below(period * second), (atUs) => {
        if (isWorking(behaviour, atUs, options.clinicalHours)) behave(context, device, behaviour, atUs);
        return jitter(period);
      });
    }
  }
  const endUs = startUs + options.durationSeconds * second;
  const incidents: Incident[] = [];
  for (const [index, attack] of (options.attacks ?? []).entries()) {
    // Incidents start at evenly spaced points in the second half, when the network is settled.
    const share = 0.5 + (0.5 * (index + 1)) / ((options.attacks?.length ?? 0) + 1);
    const atUs = startUs + Math.round(share * (endUs - startUs));
    schedule.add(atUs, (at) => {
      incidents.push(injectAttack(context, attack, at));
      return undefined;
    });
  }
  let jobs = 0;
  schedule.runUntil(endUs, (atUs) => {
    jobs += 1;
    if (jobs % 2000 === 0) options.onProgress?.(atUs - startUs, endUs - startUs);
  });
  stream.close();
  const truthPath = options.out.replace(/(\.pcapng)?$/, '.truth.json');
  writeFileSync(
    truthPath,
    `${JSON.stringify(truthOf(options, hospital, context.truth, incidents, stream.packets), null, 2)}\n`,
  );
  return { packets: stream.packets, bytes: stream.bytes, devices: hospital.devices.length, truthPath };
}
