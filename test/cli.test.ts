import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from './support/temporary-store.js';

const exampleCapture = 'examples/clinic-dhcp.pcapng';

function vigil(args: string[], input?: Buffer) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    ...(input ? { input } : {}),
    env: { ...process.env, VIGIL_DB: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('vigil command', () => {
  it('ingests a capture, prints its summary, then lists devices as a table and as JSON', () => {
    const db = join(temporaryDirectory(), 'vigil.db');
    const ingest = vigil(['ingest', exampleCapture, '--db', db]);
    expect(ingest.status).toBe(0);
    for (const label of ['packets', 'bytes', 'flows', 'devices', 'malformed', 'elapsed', 'packets/s']) {
      expect(ingest.stdout).toMatch(new RegExp(`^${label.replace('/', '\\/')}\\s+\\S`, 'm'));
    }
    const table = vigil(['devices', '--db', db]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('icu-pump-07');

    const devices = JSON.parse(vigil(['devices', '--json', '--db', db]).stdout) as Record<string, unknown>[];
    expect(devices.length).toBeGreaterThan(1);
    for (const device of devices) {
      expect(Object.keys(device)).toEqual(
        expect.arrayContaining([
          'id',
          'macs',
          'ips',
          'hostnames',
          'vendor',
          'type',
          'category',
          'model',
          'firmware',
          'protocols',
          'firstSeen',
          'lastSeen',
          'attributes',
          'findings',
        ]),
      );
    }
    const pump = devices.find((device) => (device.hostnames as string[]).includes('icu-pump-07'))!;
    expect(pump.protocols).toContain('dhcp');
    expect(pump.macs).toEqual(['00:1a:01:4e:21:07']);

    const byMac = JSON.parse(vigil(['device', '00:1A:01:4E:21:07', '--json', '--db', db]).stdout);
    expect(byMac.id).toBe(pump.id);
    const byIp = vigil(['device', (pump.ips as string[])[0]!, '--db', db]);
    expect(byIp.stdout).toContain('icu-pump-07');
    expect(byIp.stdout).toContain('EVIDENCE');
    const missing = vigil(['device', '10.255.255.255', '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no device');

    const flows = JSON.parse(vigil(['flows', '--json', '--limit', '2', '--db', db]).stdout);
    expect(flows).toHaveLength(2);
    expect(vigil(['flows', '--limit', 'zero', '--db', db]).status).not.toBe(0);
  });

  it('reads a capture from standard input', () => {
    const db = join(temporaryDirectory(), 'vigil.db');
    const result = vigil(['ingest', '-', '--db', db, '--json'], readFileSync(exampleCapture));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ capture: '-', format: 'pcapng', captureErrorCount: 0 });
  });

  it('refuses a missing or non-capture file with exit code 1, naming it, and leaves the store alone', () => {
    const directory = temporaryDirectory();
    const db = join(directory, 'vigil.db');
    const missing = vigil(['ingest', join(directory, 'nope.pcap'), '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${join(directory, 'nope.pcap')}: cannot open: no such file`);
    expect(existsSync(db)).toBe(false);

    expect(vigil(['ingest', exampleCapture, '--db', db]).status).toBe(0);
    const before = vigil(['devices', '--json', '--db', db]).stdout;
    const sizeBefore = statSync(db).size;
    const notCapture = join(directory, 'notes.txt');
    writeFileSync(notCapture, 'this is not a capture\n');
    const refused = vigil(['ingest', notCapture, '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(notCapture);
    expect(refused.stderr).toContain(
      'expected a pcap (0xa1b2c3d4, 0xa1b23c4d) or pcapng (0x0a0d0d0a) magic number',
    );
    const refusedStdin = vigil(
      ['ingest', '-', '--db', join(directory, 'other.db')],
      Buffer.from('not a capture either'),
    );
    expect(refusedStdin.status).toBe(1);
    expect(refusedStdin.stderr).toContain('-: starts with 0x');
    expect(existsSync(join(directory, 'other.db'))).toBe(false);
    expect(vigil(['devices', '--json', '--db', db]).stdout).toBe(before);
    expect(statSync(db).size).toBe(sizeBefore);
  });

  it('stores what precedes damage in a truncated capture and exits 2 with the located error', () => {
    const directory = temporaryDirectory();
    const db = join(directory, 'vigil.db');
    const truncated = join(directory, 'cut.pcapng');
    const bytes = readFileSync(exampleCapture);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const result = vigil(['ingest', truncated, '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`${truncated} at byte \\d+: truncated: block of type 0x[0-9a-f]+ needs \\d+ bytes`),
    );
    const devices = JSON.parse(vigil(['devices', '--json', '--db', db]).stdout);
    expect(devices.length).toBeGreaterThan(0);
  });
});
