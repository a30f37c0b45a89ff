import type { Command } from 'commander';
import { type AssetImportReport, importAssets } from '../../inventory/assets/import-assets.js';
import { actorOf, byOptionDescription, storeOptionDescription, withChangingStore } from '../store-option.js';

function formatReport(report: AssetImportReport): string {
  const byKey = new Map<string, number>();
  for (const match of report.matched) byKey.set(match.matchedBy, (byKey.get(match.matchedBy) ?? 0) + 1);
  const lines = [
    `matched ${report.matched.length}${byKey.size === 0 ? '' : ` (${[...byKey].map(([key, count]) => `by ${key} ${count}`).join(', ')})`}`,
    ...report.matched.map(
      (m) => `  line ${m.line}  ${m.assetTag} → ${m.deviceId} (${m.matchedBy} ${m.value})`,
    ),
    `not seen on the network ${report.unmatched.length} (kept as records of their own)`,
    ...report.unmatched.map((u) => `  line ${u.line}  ${u.assetTag} → ${u.deviceId}`),
    `devices missing from the list ${report.missingFromList.length}`,
    ...report.missingFromList.map(
      (d) => `  ${d.deviceId}  ${[...d.macs, ...d.ips, ...d.hostnames].join(' ')}`,
    ),
    `rejected ${report.rejected.length}`,
    ...report.rejected.map((r) => `  ${report.file}:${r.line}: ${r.reason}`),
  ];
  if (report.ignoredColumns.length > 0) lines.push(`columns not read: ${report.ignoredColumns.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function registerAssetsCommand(program: Command): void {
  const assets = program.command('assets').description('the asset records the hospital keeps (CMMS exports)');
  assets
    .command('import')
    .description(
      'match a CMMS export (CSV with a header row, or a JSON array) to the devices found: prints matched, unmatched and rejected rows; exit 2 when some rows were rejected (the rest are imported)',
    )
    .argument(
      '<file>',
      'asset_tag, serial, manufacturer, model, software_version, mac, ip, hostname, location, department, owner',
    )
    .option('--db <location>', storeOptionDescription)
    .option('--json', 'print the report as JSON')
    .option('--by <name>', byOptionDescription)
    .action(async (file: string, options: { db?: string; json?: boolean; by?: string }) => {
      const report = await withChangingStore(options.db, async (store) => {
        const imported = await importAssets(store, file);
        await store.audit.append({
          actor: actorOf(options.by),
          action: 'assets-imported',
          target: file,
          before: null,
          after: JSON.stringify({
            matched: imported.matched.length,
            unmatched: imported.unmatched.length,
            rejected: imported.rejected.length,
          }),
        });
        return imported;
      });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (report.rejected.length > 0) process.exitCode = 2;
    });
}
