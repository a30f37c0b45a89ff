import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaptureRing } from '../src/capture/capture-ring.js';
import { captureFiles } from '../src/capture/rotated-files.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { storeContentsAt } from './support/store-contents.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { toolsAvailable } from './support/tools.js';
import { tsharkFields, tsharkPacketCount } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

/**
 * `vigil sensor --watch DIR`: capture files rotated by a real tcpdump (`-C`, as a packet broker or
 * a capture box writes them) arrive one by one, the newest still growing; the sensor reads them
 * as one capture and stores what a plain ingest of the whole capture stores, and its ring keeps
 * the files with an index that takes an evidence offset back to the packet in a file.
 */

const canRun = toolsAvailable('tcpdump', 'tshark');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startSensor(args: readonly string[]) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'sensor', ...args],
    {
      env: { ...process.env, VIGIL_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return { child, output, exited: once(child, 'close') };
}

/** Waits (a minute at most) until the sensor has read `packets`, then stops it; it must exit cleanly. */
async function stopAfterPackets(sensor: ReturnType<typeof startSensor>, packets: number, who: string) {
  for (let waited = 0; !sensor.output.stderr.includes(`${packets} packets read`); waited += 200) {
    if (waited > 60_000) throw new Error(`${who} did not read ${packets} packets:\n${sensor.output.stderr}`);
    await sleep(200);
  }
  sensor.child.kill('SIGTERM');
  const [code] = await sensor.exited;
  expect(code, sensor.output.stderr).toBe(0);
}

/** The bytes of the pcap record (header and data) at `offset` of `file`. */
function recordAt(file: string, offset: number): Buffer {
  const descriptor = openSync(file, 'r');
  const header = Buffer.alloc(16);
  readSync(descriptor, header, 0, 16, offset);
  const record = Buffer.alloc(16 + header.readUInt32LE(8));
  readSync(descriptor, record, 0, record.length, offset);
  return record;
}

describe.skipIf(!canRun)('sensor following rotated capture files', () => {
  let directory: string;
  let whole: string;
  let rotated: string[];
  let total: number;

  beforeAll(() => {
    directory = temporaryDirectory('vigil-watch-');
    const simulated = join(directory, 'hospital.pcapng');
    simulateHospital({ devices: 150, durationSeconds: 2_400, seed: 21, day: 1, attacks: [], out: simulated });
    // tcpdump writes classic pcap; -C 1 rotates every million bytes into trace, trace1, trace2, …
    whole = join(directory, 'whole.pcap');
    const split = join(directory, 'split');
    mkdirSync(split);
    const user = process.getuid?.() === 0 ? ['-Z', 'root'] : [];
    for (const args of [
      ['-r', simulated, '-w', whole],
      ['-r', whole, '-w', join(split, 'trace'), '-C', '1'],
    ]) {
      const result = spawnSync('tcpdump', [...user, ...args], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
    }
    rotated = captureFiles(split).map((name) => join(split, name));
    total = tsharkPacketCount(whole);
    expect(rotated.length).toBeGreaterThanOrEqual(4);
    expect(rotated.reduce((sum, file) => sum + tsharkPacketCount(file), 0)).toBe(total);
  }, 120_000);

  it('stores what an ingest of the whole capture stores, and its ring resolves evidence to the packet', async () => {
    const incoming = join(directory, 'incoming');
    const ring = join(directory, 'ring');
    const db = join(directory, 'sensor.db');
    mkdirSync(incoming);
    const reference = join(directory, 'reference.db');
    const ingest = vigilOn(reference)('ingest', whole);
    expect(ingest.status, ingest.stderr).toBe(0);

    // The last file is held back for a second run: the first stops with the rest read.
    const firstRun = rotated.slice(0, -1);
    const sensor = startSensor([
      '--watch',
      incoming,
      '--ring',
      ring,
      '--db',
      db,
      '--commit-interval',
      '0.3',
      '--json',
    ]);
    for (const [index, file] of firstRun.entries()) {
      const target = join(incoming, file.split('/').pop() ?? '');
      if (index === firstRun.length - 1) {
        // The newest file grows while the sensor reads it, as a capture being written does.
        const bytes = readFileSync(file);
        appendFileSync(target, bytes.subarray(0, 300_000));
        await sleep(800);
        appendFileSync(target, bytes.subarray(300_000));
      } else copyFileSync(file, target);
      await sleep(400);
    }
    const firstPackets = firstRun.reduce((sum, file) => sum + tsharkPacketCount(file), 0);
    await stopAfterPackets(sensor, firstPackets, 'the sensor');
    const report = JSON.parse(sensor.output.stdout) as {
      packets: number;
      stream: string;
      files: { read: number; skipped: number };
    };
    expect(report).toMatchObject({ packets: firstPackets, files: { read: firstRun.length, skipped: 0 } });

    // Evidence offsets name packets of the stream; the ring's index takes each to its file.
    const sensorDb = new Database(db, { readonly: true });
    const evidence = sensorDb
      .prepare('select evidence_capture as capture, evidence_offset as offset from device_attributes')
      .all() as { capture: string; offset: number }[];
    sensorDb.close();
    const kept = new CaptureRing(ring, { maxBytes: 1e12, maxAgeMs: 1e12 }, report.stream);
    expect(kept.entries.map((entry) => entry.bytes === null)).not.toContain(true);
    expect(evidence.length).toBeGreaterThan(100);
    let resolved = 0;
    for (const { capture, offset } of evidence) {
      expect(capture).toBe(report.stream);
      const located = kept.locate(capture, offset);
      expect(located, `offset ${offset}`).toBeDefined();
      // The stream is the whole capture without the repeated file headers: same offsets.
      expect(recordAt(located!.file, located!.offset).equals(recordAt(whole, offset))).toBe(true);
      resolved += 1;
    }
    expect(resolved).toBe(evidence.length);
    const ringFiles = readdirSync(ring).filter((name) => name !== 'ring-index.json');
    expect(ringFiles.reduce((sum, name) => sum + tsharkPacketCount(join(ring, name)), 0)).toBe(firstPackets);

    // Run again: the files the ring holds whole are left out; the new one is read.
    const again = startSensor([
      '--watch',
      incoming,
      '--ring',
      ring,
      '--db',
      db,
      '--commit-interval',
      '0.3',
      '--json',
    ]);
    const last = rotated.at(-1)!;
    copyFileSync(last, join(incoming, last.split('/').pop() ?? ''));
    const lastPackets = tsharkPacketCount(last);
    await stopAfterPackets(again, lastPackets, 'the second run');
    expect(JSON.parse(again.output.stdout)).toMatchObject({ packets: lastPackets, files: { read: 1 } });
    expect(firstPackets + lastPackets).toBe(total);

    // Both runs together stored the devices, their facts and protocols that the plain ingest did.
    const expected = await storeContentsAt(reference);
    const actual = await storeContentsAt(db);
    // Not last_seen: a connection open across the restart is cut in two, and its second half,
    // read without its start, may end a device's sighting a few hundred microseconds earlier.
    const identities = (rows: typeof expected.devices) =>
      rows.map(({ id, first_seen }) => ({ id, first_seen }));
    expect(identities(actual.devices)).toEqual(identities(expected.devices));
    expect(actual.protocols).toEqual(expected.protocols);
    const facts = (rows: typeof expected.attributes) =>
      rows.map(({ device_id, name, value, source }) => ({ device_id, name, value, source }));
    expect(facts(actual.attributes)).toEqual(facts(expected.attributes));

    // For an incident: one host's packets within a window, carved from the ring, are the packets
    // tshark selects from the whole capture, byte for byte.
    const times = tsharkFields(whole, ['frame.time_epoch']).map(([epoch]) => Number(epoch));
    const fromSeconds = Math.floor(times[Math.floor(times.length / 3)]!);
    const toSeconds = Math.floor(times[Math.floor((2 * times.length) / 3)]!);
    const sources = new Map<string, number>();
    for (const [source] of tsharkFields(whole, ['ip.src'], 'ip'))
      sources.set(source!, (sources.get(source!) ?? 0) + 1);
    const host = [...sources].sort((left, right) => right[1] - left[1])[0]![0];
    const selection = `(ip.addr == ${host}) && frame.time_epoch >= ${fromSeconds} && frame.time_epoch < ${toSeconds}`;
    const oracle = tsharkFields(whole, ['frame.time_epoch', 'frame.len', 'frame.md5_hash'], selection, [
      '-o',
      'frame.generate_md5_hash:TRUE',
    ]);
    expect(oracle.length).toBeGreaterThan(10);
    const carvedFile = join(directory, 'carved.pcap');
    const carve = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'sensor',
        'carve',
        '--ring',
        ring,
        '--host',
        host,
        '--from',
        new Date(fromSeconds * 1000).toISOString(),
        '--to',
        new Date(toSeconds * 1000).toISOString(),
        '--out',
        carvedFile,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(carve.status, carve.stderr).toBe(0);
    expect(JSON.parse(carve.stdout)).toMatchObject({ carved: oracle.length, packets: total, missing: 0 });
    expect(statSync(carvedFile).mode & 0o777).toBe(0o600);
    expect(
      tsharkFields(carvedFile, ['frame.time_epoch', 'frame.len', 'frame.md5_hash'], undefined, [
        '-o',
        'frame.generate_md5_hash:TRUE',
      ]),
    ).toEqual(oracle);
  }, 240_000);
});
