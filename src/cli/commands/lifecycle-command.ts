import type { Command } from 'commander';
import { deviceStatuses, setDeviceStatus } from '../../changes/device-status.js';
import { importSupportDates, lifecycleReport, setSupportDates } from '../../changes/model-support-changes.js';
import { retireDevice, sanitisationMethods } from '../../changes/retire-device.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

/** `vigil lifecycle`: support dates per model, and the devices past them. */
export function registerLifecycleCommands(program: Command): void {
  const lifecycle = program
    .command('lifecycle')
    .description(
      'support dates per model (end of sale, of support, of security patches) and the devices past them',
    );
  lifecycle
    .command('import')
    .description(
      'import support dates: CSV with manufacturer, model, end_of_sale, end_of_support, end_of_security_patches (YYYY-MM-DD, the last day of each), or a JSON array of such objects (kept in the audit log)',
    )
    .argument('<file>', '.csv or .json')
    .option('--by <name>', 'who imports them (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (file: string, options: { by?: string; db?: string }) => {
      const saved = await withStore(options.db, (store) =>
        importSupportDates(store, file, actorOf(options.by), Date.now()),
      );
      process.stdout.write(`${saved.length} models' support dates from ${file}\n`);
    });
  lifecycle
    .command('set')
    .description("change a model's support dates by hand (an empty date clears it; kept in the audit log)")
    .requiredOption('--manufacturer <name>', 'the manufacturer')
    .requiredOption('--model <name>', 'the model')
    .option('--end-of-sale <date>', 'YYYY-MM-DD: the last day it is sold')
    .option('--end-of-support <date>', 'YYYY-MM-DD: the last day it is supported')
    .option('--end-of-patches <date>', 'YYYY-MM-DD: the last day it gets security patches')
    .option('--by <name>', 'who changes them (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        manufacturer: string;
        model: string;
        endOfSale?: string;
        endOfSupport?: string;
        endOfPatches?: string;
        by?: string;
        db?: string;
      }) => {
        const support = await withStore(options.db, (store) =>
          setSupportDates(
            store,
            {
              manufacturer: options.manufacturer,
              model: options.model,
              endOfSale: options.endOfSale,
              endOfSupport: options.endOfSupport,
              endOfSecurityPatches: options.endOfPatches,
              actor: actorOf(options.by),
            },
            Date.now(),
          ),
        );
        process.stdout.write(
          `${support.manufacturer} ${support.model}: end of sale ${support.endOfSale ?? '—'}, of security patches ${support.endOfSecurityPatches ?? '—'}, of support ${support.endOfSupport ?? '—'}\n`,
        );
      },
    );
  lifecycle
    .command('retire')
    .description(
      'retire a device with its sanitisation record (NIST SP 800-88); seen on the network again, it raises the alert retired-device-seen (kept in the audit log)',
    )
    .argument('<device>', 'device id, MAC or IP address')
    .requiredOption(
      '--method <clear|purge|destroy>',
      `how its media were sanitised: ${sanitisationMethods.join(', ')}`,
    )
    .option('--certificate <reference>', 'the sanitisation certificate')
    .option('--note <text>', 'anything else to record')
    .option('--at <time>', 'when it left service (default: now)')
    .option('--by <name>', 'who retires it (default: the operating-system user)')
    .option('--json', 'print the record as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        device: string,
        options: {
          method: string;
          certificate?: string;
          note?: string;
          at?: string;
          by?: string;
          json?: boolean;
          db?: string;
        },
      ) => {
        const record = await withStore(options.db, (store) =>
          retireDevice(
            store,
            device,
            {
              method: options.method,
              certificate: options.certificate,
              note: options.note,
              at: options.at,
              actor: actorOf(options.by),
            },
            Date.now(),
          ),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify(record, null, 2)}\n`
            : `${record.deviceId} retired ${record.retiredAt} by ${record.by}; media ${record.method}${record.certificate === null ? '' : `, certificate ${record.certificate}`}\n`,
        );
      },
    );
  lifecycle
    .command('status')
    .description(
      'set a device planned (bought, not yet in clinical use) or in service (also bringing a retired one back); kept in the audit log',
    )
    .argument('<device>', 'device id, MAC or IP address')
    .argument('<status>', deviceStatuses.join(' or '))
    .option('--note <text>', 'why')
    .option('--by <name>', 'who sets it (default: the operating-system user)')
    .option('--db <location>', storeOptionDescription)
    .action(async (device: string, status: string, options: { note?: string; by?: string; db?: string }) => {
      const result = await withStore(options.db, (store) =>
        setDeviceStatus(
          store,
          device,
          { status, note: options.note, actor: actorOf(options.by) },
          Date.now(),
        ),
      );
      process.stdout.write(`${result.deviceId}: ${result.before ?? 'no status'} → ${result.status}\n`);
    });
  lifecycle
    .command('list')
    .description(
      'each model with its support dates, where it stands today and its devices; the share of devices past support',
    )
    .option('--at <date>', 'YYYY-MM-DD: as of this day (default: today)')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { at?: string; json?: boolean; db?: string }) => {
      const today = options.at ?? new Date().toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--at: expected YYYY-MM-DD, got "${today}"`);
      const report = await withStore(options.db, (store) => lifecycleReport(store, today));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          [
            'manufacturer',
            'model',
            'end of sale',
            'end of patches',
            'end of support',
            `on ${today}`,
            'devices',
          ],
          report.models.map((model) => [
            model.manufacturer,
            model.model,
            model.endOfSale ?? '—',
            model.endOfSecurityPatches ?? '—',
            model.endOfSupport ?? '—',
            model.stage,
            String(model.devices.length),
          ]),
        )}\n${report.pastSupport.length} of ${report.devices} devices (${report.pastSupportShare} %) are past support\n`,
      );
      for (const system of report.operatingSystemsPastSupport)
        process.stdout.write(
          `${system.deviceId} runs ${system.system}: security updates ended ${system.endOfSecurityUpdates} (${system.source})\n`,
        );
    });
}
