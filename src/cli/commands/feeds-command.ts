import type { Command } from 'commander';
import { importFeeds } from '../../intel/import-feeds.js';
import { matchInventory } from '../../intel/match-inventory.js';
import { VendorNames } from '../../intel/matching/names.js';
import { actorOf, byOptionDescription, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

export function registerFeedsCommand(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('vulnerability feeds, imported from files (for air-gapped networks)');
  feeds
    .command('import')
    .description(
      'import NVD 2.0, CVE JSON 5, CSAF 2.0, KEV, EPSS, CycloneDX/SPDX SBOM and recall files (or folders of them), then match the inventory; exit 2 when a document or record was rejected',
    )
    .argument('<paths...>', 'files or folders')
    .option('--vendor <name>', 'for SBOMs: the manufacturer of the device model they describe')
    .option('--model <name>', 'for SBOMs: the device model they describe')
    .option('--versions <range>', 'for SBOMs: the firmware versions they describe, e.g. "<= 12.3"')
    .option('--json', 'print the report as JSON')
    .option('--by <name>', byOptionDescription)
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        paths: string[],
        options: {
          vendor?: string;
          model?: string;
          versions?: string;
          json?: boolean;
          by?: string;
          db?: string;
        },
      ) => {
        const vendors = VendorNames.load();
        const { reports, summary } = await withStore(options.db, async (store) => {
          const reports = await importFeeds(store, paths, vendors, {
            vendor: options.vendor,
            model: options.model,
            versions: options.versions,
          });
          for (const report of reports.filter((candidate) => candidate.outcome === 'imported')) {
            await store.audit.append({
              actor: actorOf(options.by),
              action: 'feed-imported',
              target: report.path,
              before: null,
              after: JSON.stringify({ kind: report.kind, records: report.records, written: report.written }),
            });
          }
          return { reports, summary: await matchInventory(store, vendors) };
        });
        const problems = reports.flatMap((report) => report.problems);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ files: reports, matching: summary }, null, 2)}\n`);
        } else {
          process.stdout.write(
            `${formatTable(
              ['file', 'kind', 'outcome', 'records', 'written', 'problems'],
              reports.map((report) => [
                report.name,
                report.kind ?? '?',
                report.outcome,
                String(report.records),
                String(report.written),
                String(report.problems.length),
              ]),
            )}\n`,
          );
          for (const problem of problems.slice(0, 50)) {
            process.stderr.write(
              `vigil: ${problem.name}${problem.location === null ? '' : ` at ${problem.location}`}: ${problem.message}\n`,
            );
          }
          if (problems.length > 50)
            process.stderr.write(`vigil: … and ${problems.length - 50} more problems (--json lists all)\n`);
          process.stdout.write(
            `${reports.length} files: ${count(reports, 'imported')} imported, ${count(reports, 'unchanged')} unchanged, ${count(reports, 'rejected')} rejected, ${count(reports, 'skipped')} skipped (not feeds)\n` +
              `matched ${summary.devices} devices against ${summary.rules} rules: ${summary.affectedDevices} devices affected, ${summary.matches} matches (${summary.certain} certain, ${summary.uncertain} uncertain)\n`,
          );
        }
        if (problems.length > 0) process.exitCode = 2;
      },
    );
  feeds
    .command('list')
    .description('the feed documents imported, with their source path, date and SHA-256')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const documents = await withStore(options.db, (store) => store.feeds.documents());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['name', 'kind', 'records', 'date', 'imported', 'sha256', 'path'],
          documents.map((document) => [
            document.name,
            document.kind,
            String(document.records),
            document.document_date ?? '',
            document.imported_at,
            document.sha256.slice(0, 16),
            document.path,
          ]),
        )}\n${documents.length} documents\n`,
      );
    });
}

function count(reports: { outcome: string }[], outcome: string): number {
  return reports.filter((report) => report.outcome === outcome).length;
}
