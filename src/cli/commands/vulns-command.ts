import { type Command, InvalidArgumentError } from 'commander';
import { setVulnerabilityStatus, statusProblem } from '../../changes/set-vulnerability-status.js';
import { deviceVulnerabilities } from '../../intel/device-vulnerabilities.js';
import { VendorNames } from '../../intel/matching/names.js';
import { isPatchStatus, type PatchStatus, patchStatuses } from '../../intel/patch-status.js';
import { unmatchedDevices } from '../../intel/unmatched-devices.js';
import type { DeviceVulnerability } from '../../intel/vulnerability-view.js';
import { requireDevice, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

async function printUnmatched(options: { json?: boolean; db?: string }): Promise<void> {
  const devices = await withStore(options.db, (store) => unmatchedDevices(store, VendorNames.load()));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
    return;
  }
  const rows = devices.map((device) => [
    device.deviceId,
    device.name,
    device.type ?? '-',
    device.manufacturer ?? '-',
    device.missing.join(', '),
    String(device.matches),
    device.advisories
      .slice(0, 3)
      .map((advisory) => `${advisory.id} (${advisory.products[0] ?? ''})`)
      .join('; ') || '-',
  ]);
  process.stdout.write(
    `${formatTable(['device', 'name', 'type', 'manufacturer', 'unknown', 'matches', 'advisories of its maker'], rows)}\n`,
  );
  const noModel = devices.filter((device) => device.missing.includes('model')).length;
  process.stdout.write(
    `${devices.length} devices cannot be fully matched: ${noModel} without a model, ${devices.length - noModel} without firmware\n`,
  );
}

export function registerVulnsCommands(program: Command): void {
  program
    .command('vulns')
    .description(
      'vulnerabilities matched to the inventory, with CVSS, EPSS, KEV, status and why each matched',
    )
    .option('--device <id|mac|ip>', 'only this device')
    .option('--kev', 'only vulnerabilities in the CISA KEV catalogue')
    .option('--certain', 'only matches where vendor, product and version all agree')
    .option(
      '--unmatched',
      'instead: the devices that cannot be matched because their model or firmware is unknown, with the advisories that name products of their maker',
    )
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        device?: string;
        kev?: boolean;
        certain?: boolean;
        unmatched?: boolean;
        json?: boolean;
        db?: string;
      }) => {
        if (options.unmatched) {
          await printUnmatched(options);
          return;
        }
        const vulnerabilities = await withStore(options.db, async (store) => {
          let deviceIds: string[] | undefined;
          if (options.device !== undefined) {
            const device = await requireDevice(store, options.device);
            deviceIds = [device.id];
          }
          return deviceVulnerabilities(store, deviceIds);
        });
        const shown = vulnerabilities.filter(
          (vulnerability) =>
            (!options.kev || vulnerability.kev !== null) &&
            (!options.certain || vulnerability.certainty === 'certain'),
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${formatVulnerabilityTable(shown)}\n`);
        const devices = new Set(shown.map((vulnerability) => vulnerability.deviceId)).size;
        const uncertain = shown.filter((vulnerability) => vulnerability.certainty === 'uncertain').length;
        process.stdout.write(`${shown.length} matches on ${devices} devices (${uncertain} uncertain)\n`);
      },
    );

  program
    .command('vuln-status')
    .description(
      'set where a device stands with a vulnerability (kept with its history): affected, patch-available, manufacturer-approved, scheduled, applied, mitigated, or risk-accepted (with --owner and --expires)',
    )
    .argument('<device>', 'device id (dev-…), MAC address or IP address')
    .argument('<vulnerability>', 'CVE id (or the advisory id it was matched by)')
    .argument('<status>', patchStatuses.join(', '), parseStatus)
    .requiredOption('--by <name>', 'who sets it')
    .option('--owner <name>', 'who owns the risk (required for risk-accepted)')
    .option('--expires <date>', 'YYYY-MM-DD when a risk acceptance ends (required for risk-accepted)')
    .option('--note <text>', 'why, or what was done (a change number, the mitigation applied)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        query: string,
        vulnerabilityId: string,
        status: PatchStatus,
        options: { by: string; owner?: string; expires?: string; note?: string; db?: string },
      ) => {
        const problem = statusProblem(
          { status, owner: options.owner, expires: options.expires },
          { owner: '--owner', expires: '--expires' },
        );
        if (problem) throw new Error(problem);
        await withStore(options.db, async (store) => {
          const device = await requireDevice(store, query);
          const before = await setVulnerabilityStatus(
            store,
            device.id,
            vulnerabilityId,
            { status, actor: options.by, owner: options.owner, expires: options.expires, note: options.note },
            Date.now(),
          ).catch((error: Error) => {
            throw new Error(`${error.message} (see vigil vulns --device ${device.id})`);
          });
          process.stdout.write(
            `${device.id} ${vulnerabilityId}: ${before ?? 'no status'} → ${status} by ${options.by}\n`,
          );
        });
      },
    );
}

function parseStatus(text: string): PatchStatus {
  if (!isPatchStatus(text))
    throw new InvalidArgumentError(`expected one of ${patchStatuses.join(', ')}, got "${text}"`);
  return text;
}

export function formatVulnerabilityTable(vulnerabilities: readonly DeviceVulnerability[]): string {
  return formatTable(
    ['device', 'vulnerability', 'cvss', 'epss', 'kev', 'status', 'match', 'why'],
    vulnerabilities.map((vulnerability) => {
      const best = vulnerability.evidence[0];
      return [
        vulnerability.deviceId,
        vulnerability.id,
        vulnerability.cvss === null
          ? ''
          : `${vulnerability.cvss.baseScore.toFixed(1)} (v${vulnerability.cvss.version})`,
        vulnerability.epss === null ? '' : vulnerability.epss.score.toFixed(3),
        vulnerability.kev === null ? '' : `yes ${vulnerability.kev.dateAdded}`,
        vulnerability.status.value,
        `${vulnerability.certainty} ${vulnerability.confidence.toFixed(2)}`,
        best === undefined
          ? ''
          : `${best.deviceModel ?? ''} ${best.deviceFirmware ?? '?'} vs ${best.advisoryProduct} ${best.versions} (${best.origin})`,
      ];
    }),
  );
}
