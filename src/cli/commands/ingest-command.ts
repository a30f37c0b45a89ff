import type { Command } from 'commander';
import { formatCaptureError } from '../../capture/capture-error.js';
import { defaultPipelineConfig, pipelineConfig } from '../../config/defaults.js';
import { loadZones } from '../../config/zones.js';
import { ingestPreparedCapture, prepareCapture } from '../../ingest/ingest-capture.js';
import { OuiRegistry } from '../../inventory/oui-registry.js';
import { deliverAndReport, deliverOptionDescription, loadDeliveryOption } from '../deliver-option.js';
import { formatBytes, ProgressBar } from '../progress-bar.js';
import { parseSeconds } from '../seconds-option.js';
import { actorOf, byOptionDescription, storeOptionDescription, withChangingStore } from '../store-option.js';

/** Exit code when the capture was read only up to damage: what came before is stored. */
export const exitCodeCaptureDamaged = 2;

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'read a pcap or pcapng capture (or - for standard input) and store the devices and flows it shows',
    )
    .argument('<capture>', 'capture file, or - to read standard input')
    .option('--db <location>', storeOptionDescription)
    .option('--oui <csv...>', 'extra IEEE registry CSV files (oui.csv format), newer than the bundled ones')
    .option('--json', 'print the summary as JSON')
    .option('--by <name>', byOptionDescription)
    .option('--deliver <file>', deliverOptionDescription)
    .option(
      '--learn',
      'teach the baselines from this capture (normal traffic): signature alerts still fire, deviations do not',
    )
    .option(
      '--zones <file>',
      'network zones with their trust: JSON [{ "name": "guest Wi-Fi", "cidr": "10.15.0.0/16", "trust": "untrusted" }, …]',
    )
    .option(
      '--commit-interval <seconds>',
      'store what has been learned this often while reading (killed, the ingest loses at most this much; run again, it resumes)',
      parseSeconds,
      defaultPipelineConfig.commitIntervalMs / 1000,
    )
    .action(
      async (
        capturePath: string,
        options: {
          db?: string;
          oui?: string[];
          json?: boolean;
          by?: string;
          deliver?: string;
          learn?: boolean;
          zones?: string;
          commitInterval: number;
        },
      ) => {
        const delivery = await loadDeliveryOption(options.deliver);
        const zones = options.zones === undefined ? [] : loadZones(options.zones);
        // Open the capture first: input that is not a capture is refused before any store is opened.
        const prepared = await prepareCapture(capturePath);
        const ouiRegistry = OuiRegistry.load({ extraCsvPaths: options.oui ?? envOuiPaths() });
        const progress = new ProgressBar(`ingesting ${capturePath}`);
        const summary = await withChangingStore(options.db, async (store) => {
          const result = await ingestPreparedCapture(prepared, {
            store,
            config: pipelineConfig({ commitIntervalMs: options.commitInterval * 1000 }),
            ouiRegistry,
            learn: options.learn ?? false,
            zones,
            onProgress: (done, total) => progress.update(done, total),
          });
          await store.audit.append({
            actor: actorOf(options.by),
            action: 'capture-ingested',
            target: capturePath,
            before: null,
            after: JSON.stringify({
              packets: result.packets,
              flows: result.flows,
              devices: result.devices,
              ...(options.learn ? { learn: true, baselinesLearned: result.baselinesLearned } : {}),
            }),
          });
          const changed = await store.alerts.getMany(result.alertIds);
          await deliverAndReport(store, delivery, [...changed.values()]);
          return result;
        }).finally(() => progress.clear());
        if (options.json) {
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        } else {
          const lines = [
            `capture      ${summary.capture} (${summary.format})`,
            `packets      ${summary.packets}`,
            `bytes        ${summary.bytes} (${formatBytes(summary.bytes)})`,
            `flows        ${summary.flows}`,
            `devices      ${summary.devices}`,
            `alerts       ${summary.alertsRaised} new, ${summary.alertsUpdated} updated${summary.alertsSuppressed > 0 ? `, ${summary.alertsSuppressed} detections suppressed` : ''} (vigil alerts)`,
            `baselines    ${summary.baselinesLearned} learned (${summary.devicesLearning} devices learning, ${summary.devicesCompared} compared) (vigil baseline show DEVICE)`,
            `fragments    ${summary.fragments}`,
            `malformed    ${summary.malformed}${describeReasons(summary.malformedByReason)}`,
            `commits      ${summary.commits + 1}${summary.resumedAfterPackets > 0 ? ` (resumed an interrupted ingest after packet ${summary.resumedAfterPackets})` : ''}`,
            `elapsed      ${summary.elapsedSeconds.toFixed(3)} s`,
            `packets/s    ${Math.round(summary.packetsPerSecond)}`,
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        for (const error of summary.captureErrors)
          process.stderr.write(`vigil: ${formatCaptureError(error)}\n`);
        if (summary.captureErrorCount > summary.captureErrors.length) {
          process.stderr.write(
            `vigil: ${summary.captureErrorCount - summary.captureErrors.length} more capture errors\n`,
          );
        }
        if (summary.captureErrorCount > 0) process.exitCode = exitCodeCaptureDamaged;
      },
    );
}

function describeReasons(reasons: Record<string, number>): string {
  const entries = Object.entries(reasons);
  return entries.length === 0
    ? ''
    : ` (${entries.map(([reason, count]) => `${reason}: ${count}`).join(', ')})`;
}

function envOuiPaths(): string[] {
  return process.env.VIGIL_OUI ? process.env.VIGIL_OUI.split(':').filter(Boolean) : [];
}
