import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { defaultPipelineConfig, pipelineConfig } from '../../config/defaults.js';
import { loadZones } from '../../config/zones.js';
import { ingestPreparedCapture, prepareCapture } from '../../ingest/ingest-capture.js';
import { OuiRegistry } from '../../inventory/oui-registry.js';
import { parseSeconds } from '../seconds-option.js';
import { actorOf, byOptionDescription, storeOptionDescription, withChangingStore } from '../store-option.js';

/** What tcpdump says of its capture: on each SIGUSR1 and when it stops. */
interface KernelCounters {
  /** Packets tcpdump wrote to the pipe. */
  captured: number;
  received: number;
  dropped: number;
}

/**
 * `vigil sensor --interface IF`: captures live and ingests as it goes, committing every
 * `--commit-interval`, until SIGINT or SIGTERM. The capture is Debian's tcpdump writing pcap to a
 * pipe: it holds the capture privilege Vigil itself need not, applies the BPF filter in the
 * kernel, and reports the kernel's own received and dropped counters (libpcap's statistics),
 * which a Node binding would have to be built natively to read.
 */
export function registerSensorCommand(program: Command): void {
  program
    .command('sensor')
    .description('capture live on a network interface and store what it shows as it goes, until interrupted')
    .requiredOption('--interface <name>', 'the interface to capture on (a SPAN or mirror port)')
    .option('--filter <bpf>', 'a BPF capture filter, as tcpdump takes it (e.g. "not port 22")')
    .option('--db <location>', storeOptionDescription)
    .option(
      '--commit-interval <seconds>',
      'store what has been learned this often, and report the sensor’s counters',
      parseSeconds,
      defaultPipelineConfig.commitIntervalMs / 1000,
    )
    .option(
      '--review-interval <seconds>',
      'let the baselines learn from, and the baseline detectors judge, each window of this long',
      parseSeconds,
      defaultPipelineConfig.reviewIntervalMs / 1000,
    )
    .option('--zones <file>', 'network zones with their trust, as vigil ingest takes them')
    .option('--by <name>', byOptionDescription)
    .option('--json', 'print the final summary as JSON')
    .action(
      async (options: {
        interface: string;
        filter?: string;
        db?: string;
        commitInterval: number;
        reviewInterval: number;
        zones?: string;
        by?: string;
        json?: boolean;
      }) => {
        const zones = options.zones === undefined ? [] : loadZones(options.zones);
        const tcpdump = spawn(
          'tcpdump',
          [
            '-i',
            options.interface,
            '-n',
            '-U',
            // Each packet handed over as it arrives, not when a ring block fills: the lag stays
            // in milliseconds, and a block still filling when the sensor stops is not lost.
            '--immediate-mode',
            '-s',
            '0',
            '-B',
            '16384',
            '-w',
            '-',
            ...(options.filter === undefined ? [] : [options.filter]),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const counters: KernelCounters = { captured: 0, received: 0, dropped: 0 };
        let tcpdumpErrors = '';
        tcpdump.stderr.setEncoding('utf8');
        tcpdump.stderr.on('data', (text: string) => {
          const received = /(\d+) packets? received by filter/.exec(text);
          const dropped = /(\d+) packets? dropped by kernel/.exec(text);
          const captured = /(\d+) packets? captured/.exec(text);
          if (captured !== null) counters.captured = Number(captured[1]);
          if (received !== null) counters.received = Number(received[1]);
          if (dropped !== null) counters.dropped = Number(dropped[1]);
          if (/error|permission|no such device|can't|cannot/i.test(text)) tcpdumpErrors += text;
        });
        const spawned = new Promise<void>((resolve, reject) => {
          tcpdump.once('spawn', () => resolve());
          tcpdump.once('error', (error: NodeJS.ErrnoException) =>
            reject(
              new Error(
                error.code === 'ENOENT'
                  ? 'vigil sensor captures with tcpdump, which is not installed (Debian: apt-get install tcpdump)'
                  : `cannot start tcpdump: ${error.message}`,
              ),
            ),
          );
        });
        await spawned;
        // 'close', not 'exit': the counters tcpdump prints as it stops arrive on stderr after it exits.
        const exited = new Promise<number | null>((resolve) =>
          tcpdump.once('close', (code) => resolve(code)),
        );
        const stop = () => tcpdump.kill('SIGINT');
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);

        const prepared = await prepareCapture('-', tcpdump.stdout).catch(async (error: unknown) => {
          await exited;
          throw new Error(
            `tcpdump on ${options.interface} gave no capture${tcpdumpErrors ? `: ${tcpdumpErrors.trim()}` : ''} (${String(error)})`,
          );
        });
        const summary = await withChangingStore(options.db, async (store) => {
          const result = await ingestPreparedCapture(prepared, {
            store,
            config: pipelineConfig({
              commitIntervalMs: options.commitInterval * 1000,
              reviewIntervalMs: options.reviewInterval * 1000,
            }),
            ouiRegistry: OuiRegistry.load(),
            zones,
            live: true,
            onCommit: (commit) => {
              // tcpdump answers SIGUSR1 with its counters on stderr; the next line reads them.
              tcpdump.kill('SIGUSR1');
              process.stderr.write(
                `sensor ${options.interface}: ${commit.packets} packets read, ${counters.received} received by filter, ${counters.dropped} dropped by kernel; commit ${commit.commitMs.toFixed(0)} ms, lag ${commit.lagMs === undefined ? '-' : `${(commit.lagMs / 1000).toFixed(1)} s`}\n`,
              );
            },
          });
          await store.audit.append({
            actor: actorOf(options.by),
            action: 'capture-ingested',
            target: `sensor ${options.interface}`,
            before: null,
            after: JSON.stringify({ packets: result.packets, flows: result.flows, devices: result.devices }),
          });
          return result;
        });
        const code = await exited;
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        const report = {
          interface: options.interface,
          packets: summary.packets,
          capturedByTcpdump: counters.captured,
          receivedByFilter: counters.received,
          droppedByKernel: counters.dropped,
          flows: summary.flows,
          devices: summary.devices,
          alertsRaised: summary.alertsRaised,
          alertsUpdated: summary.alertsUpdated,
          baselinesLearned: summary.baselinesLearned,
          commits: summary.commits + 1,
          malformed: summary.malformed,
          elapsedSeconds: summary.elapsedSeconds,
        };
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else
          process.stdout.write(
            `${Object.entries(report)
              .map(([name, value]) => `${name.padEnd(18)} ${value}`)
              .join('\n')}\n`,
          );
        if (code !== 0 && code !== null && tcpdumpErrors !== '') {
          process.stderr.write(`vigil: tcpdump: ${tcpdumpErrors.trim()}\n`);
          process.exitCode = 1;
        }
      },
    );
}
