import { type Command, InvalidArgumentError } from 'commander';
import { type Baseline, deviceSubject, siteSubject } from '../../baseline/baseline.js';
import { factCategories } from '../../baseline/fact-category.js';
import { storeOptionDescription, withStore } from '../store-option.js';

function parseVersion(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(`expected a version number of 1 or more, got "${text}"`);
  return value;
}

/** Facts shown per category unless `--all`. */
const shownFacts = 20;

export function registerBaselineCommands(program: Command): void {
  const baseline = program
    .command('baseline')
    .description(
      'learned baselines: what a device, a device type or the site normally does (peers, services, operations, volume), versioned',
    );
  baseline
    .command('show')
    .description(
      'show a baseline: peers, services, DICOM/HL7/FHIR operations, names, volume per hour; for a device (id, MAC or IP), type:NAME or site',
    )
    .argument('<subject>', 'a device (id, MAC or IP address), type:NAME (e.g. "type:infusion pump") or site')
    .option('--db <location>', storeOptionDescription)
    .option(
      '--at <version>',
      "an earlier version (default: the latest; --version is the program's own)",
      parseVersion,
    )
    .option('--all', 'every fact, not the first 20 of each category')
    .option('--json', 'print the baseline (and the versions kept) as JSON')
    .action(
      async (subjectText: string, options: { db?: string; at?: number; all?: boolean; json?: boolean }) => {
        await withStore(options.db, async (store) => {
          let subject = subjectText;
          let label = subjectText;
          if (subjectText !== siteSubject && !subjectText.startsWith('type:')) {
            const device = await store.devices.find(subjectText);
            if (device === undefined)
              throw new Error(
                `no device "${subjectText}" in the store (expected a device id, MAC or IP address, type:NAME or site)`,
              );
            subject = deviceSubject(device.id);
            label = `${device.id} (${[device.type, device.ips[0], device.macs[0]].filter(Boolean).join(', ')})`;
          }
          const versions = await store.baselines.versions(subject);
          if (versions.length === 0)
            throw new Error(
              `${label} has no baseline yet: ingest traffic that shows it (vigil ingest FILE --learn teaches it at once)`,
            );
          const chosen =
            options.at === undefined
              ? versions[0]!
              : versions.find((version) => version.version === options.at);
          if (chosen === undefined)
            throw new Error(
              `${label} has no baseline version ${options.at}; versions kept: ${versions.map((version) => version.version).join(', ')}`,
            );
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ ...chosen, versionsKept: versions.map((version) => ({ version: version.version, learnedAt: version.learnedAt })) }, null, 2)}\n`,
            );
            return;
          }
          process.stdout.write(describe(chosen, label, versions, options.all ?? false));
        });
      },
    );
}

function describe(baseline: Baseline, label: string, versions: readonly Baseline[], all: boolean): string {
  const { profile } = baseline;
  const lines = [
    `baseline of ${label}`,
    `version      ${baseline.version} (kept: ${versions.map((version) => version.version).join(', ')})`,
    `learned at   ${baseline.learnedAt}`,
    `state        ${baseline.learningUntil === null ? 'learned (vigil ingest --learn): what it does not hold is a deviation' : `learning from traffic until ${baseline.learningUntil}`}`,
    `traffic      ${profile.firstSeen || '-'} to ${profile.lastSeen || '-'}, from ${baseline.captures.join(', ')}`,
    `outside      at most ${profile.outsideBytesPerHourMax} bytes in an hour to the Internet (${profile.outsideHours} hours with such traffic)`,
  ];
  for (const category of factCategories) {
    const facts = profile.facts[category];
    if (facts === undefined || facts.length === 0) continue;
    const shown = all ? facts : facts.slice(0, shownFacts);
    lines.push(`${category} (${facts.length})`);
    for (const fact of shown) lines.push(`  ${fact}`);
    if (shown.length < facts.length) lines.push(`  … ${facts.length - shown.length} more (--all)`);
  }
  return `${lines.join('\n')}\n`;
}
