import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { run, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkConversations, tsharkPacketCount } from './support/tshark-oracle.js';
import { vigilConversations } from './support/vigil-conversations.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'editcap', 'storescp', 'echoscu', 'storescu', 'dump2dcm');
const directory = temporaryDirectory('vigil-dicom-');
const port = 20_000 + (process.pid % 10_000);
const ouiRegistry = OuiRegistry.load();

/**
 * A small Secondary Capture image with no patient identity (the patient elements are empty), so a
 * real C-STORE carries a multi-segment data set.
 */
const datasetDump = `
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.1.1]
(0008,0060) CS [OT]
(0008,0070) LO [Vigil Test Equipment]
(0010,0010) PN []
(0010,0020) LO []
(0020,000d) UI [1.2.826.0.1.3680043.10.1234.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.1234.3]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 256
(0028,0011) US 256
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
`;

/** Link-layer variants tcpdump can record on loopback, each read by Vigil and by tshark. */
const variants: { name: string; args: string[] }[] = [
  { name: 'ethernet-microseconds', args: ['-i', 'lo'] },
  { name: 'ethernet-nanoseconds', args: ['-i', 'lo', '--time-stamp-precision', 'nano'] },
  { name: 'linux-sll2', args: ['-i', 'any', '-y', 'LINUX_SLL2'] },
  { name: 'linux-sll', args: ['-i', 'any', '-y', 'LINUX_SLL'] },
];

describe.skipIf(!canRun)('DICOM association captured from dcmtk (echoscu, storescu → storescp)', () => {
  let storescp: ChildProcess;
  const captures: string[] = [];

  beforeAll(async () => {
    const dump = join(directory, 'image.dump');
    const image = join(directory, 'image.dcm');
    const pixels = join(directory, 'pixels.raw');
    // Pixel data: 64 KiB of a gradient, after the header elements.
    writeFileSync(
      pixels,
      Uint8Array.from({ length: 65_536 }, (_, index) => index % 256),
    );
    writeFileSync(dump, `${datasetDump}(7fe0,0010) OB =${pixels}\n`);
    run('dump2dcm', ['--write-xfer-little', dump, image]);
    storescp = spawn('storescp', ['--output-directory', directory, String(port)], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const variant of variants) {
      const file = join(directory, `${variant.name}.pcap`);
      const tcpdump = await startTcpdump([...variant.args, 'tcp', 'port', String(port)], file);
      run('echoscu', ['-aec', 'STORESCP', 'localhost', String(port)]);
      run('storescu', ['-aec', 'STORESCP', 'localhost', String(port), image]);
      run('echoscu', ['-aec', 'STORESCP', 'localhost', String(port)]);
      await stopTcpdump(tcpdump);
      captures.push(file);
    }
    // The same traffic as pcapng, written by Wireshark's own tool.
    const pcapng = join(directory, 'ethernet-nanoseconds.pcapng');
    run('editcap', ['-F', 'pcapng', captures[1]!, pcapng]);
    captures.push(pcapng);
  });

  afterAll(() => {
    storescp?.kill();
  });

  it('counts the same packets and per-flow bytes, in each direction, as tshark', async () => {
    for (const capture of captures) {
      const store = await temporarySqliteStore();
      try {
        const summary = await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry });
        expect(summary.captureErrorCount, capture).toBe(0);
        expect(summary.malformed, capture).toBe(0);
        expect(summary.packets, capture).toBe(tsharkPacketCount(capture));
        const oracle = tsharkConversations(capture, 'tcp');
        const vigil = vigilConversations(await store.flows.list(1_000), 6);
        expect(oracle.size, capture).toBe(3);
        expect(vigil, capture).toEqual(oracle);
        // The C-STORE association carries the 64 KiB image: at least that many bytes towards storescp.
        const largest = Math.max(...[...vigil.values()].map((conversation) => conversation.bytes));
        expect(largest).toBeGreaterThan(65_536);
        const flows = await store.flows.list(1_000);
        expect(flows.every((flow) => flow.responder.port === port)).toBe(true);
      } finally {
        await store.close();
      }
    }
  });
});
