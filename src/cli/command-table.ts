import type { Command } from 'commander';

/**
 * Every `vigil` command with what its help line says, and how to load the module that defines it.
 * `main.ts` loads only the module of the command being run, so `vigil --help` or `vigil devices`
 * does not pay for the server, the feed validators or the simulator. `command-table.test.ts`
 * checks that these lines agree with what the modules register.
 */
export interface CommandEntry {
  readonly name: string;
  /** What follows the name in the help list, as commander prints it for the loaded command. */
  readonly usage: string;
  readonly description: string;
  readonly load: () => Promise<(program: Command) => void>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: 'ingest',
    usage: '[options] <capture>',
    description:
      'read a pcap or pcapng capture (or - for standard input) and store the devices and flows it shows',
    load: async () => (await import('./commands/ingest-command.js')).registerIngestCommand,
  },
  {
    name: 'sensor',
    usage: '[options]',
    description: 'capture live on a network interface and store what it shows as it goes, until interrupted',
    load: async () => (await import('./commands/sensor-command.js')).registerSensorCommand,
  },
  {
    name: 'collect',
    usage: '[options]',
    description: 'store what sensors publish to NATS JetStream (vigil sensor --nats), until interrupted',
    load: async () => (await import('./commands/collect-command.js')).registerCollectCommand,
  },
  {
    name: 'devices',
    usage: '[options]',
    description: 'list the devices in the store',
    load: async () => (await import('./commands/devices-command.js')).registerDevicesCommand,
  },
  {
    name: 'device',
    usage: '[options] <id|mac|ip>',
    description: 'show one device, found by id, MAC or IP address',
    load: async () => (await import('./commands/devices-command.js')).registerDevicesCommand,
  },
  {
    name: 'flows',
    usage: '[options]',
    description: 'list stored flows in order of their first packet',
    load: async () => (await import('./commands/flows-command.js')).registerFlowsCommand,
  },
  {
    name: 'sim',
    usage: '[options]',
    description: 'write a simulated hospital capture (pcapng) and its ground truth (FILE.truth.json)',
    load: async () => (await import('./commands/sim-command.js')).registerSimCommand,
  },
  {
    name: 'assets',
    usage: '',
    description: 'the asset records the hospital keeps (CMMS exports)',
    load: async () => (await import('./commands/assets-command.js')).registerAssetsCommand,
  },
  {
    name: 'override',
    usage: '[options] <device> <field> [value]',
    description:
      "set (or, with --clear, remove) an analyst's value for a device attribute: it outranks what traffic shows, in later ingests too, and is kept in the device's history with who and why",
    load: async () => (await import('./commands/override-command.js')).registerOverrideCommand,
  },
  {
    name: 'merge',
    usage: '[options] <keeper> <absorbed>',
    description:
      'show two devices as one (the same device seen under two identities): the second is folded into the first, keeps its own records, and can be split off again; kept in the history with who and why',
    load: async () => (await import('./commands/merge-command.js')).registerMergeCommands,
  },
  {
    name: 'split',
    usage: '[options] <keeper> <absorbed>',
    description: 'undo a merge: the absorbed device is a device of its own again, with all its records',
    load: async () => (await import('./commands/merge-command.js')).registerMergeCommands,
  },
  {
    name: 'feeds',
    usage: '',
    description: 'vulnerability feeds, imported from files (for air-gapped networks)',
    load: async () => (await import('./commands/feeds-command.js')).registerFeedsCommand,
  },
  {
    name: 'vulns',
    usage: '[options]',
    description:
      'vulnerabilities matched to the inventory, with CVSS, EPSS, KEV, status and why each matched',
    load: async () => (await import('./commands/vulns-command.js')).registerVulnsCommands,
  },
  {
    name: 'vuln-status',
    usage: '[options] <device> <vulnerability> <status>',
    description:
      'set where a device stands with a vulnerability (kept with its history): affected, patch-available, manufacturer-approved, scheduled, applied, mitigated, or risk-accepted (with --owner and --expires)',
    load: async () => (await import('./commands/vulns-command.js')).registerVulnsCommands,
  },
  {
    name: 'comms',
    usage: '[options] [device]',
    description:
      "a device's (or with --type a group's) communication profile: its peers and services each way with flows, bytes, first and last seen, and the application operations its baseline learned",
    load: async () => (await import('./commands/comms-command.js')).registerCommsCommand,
  },
  {
    name: 'policy',
    usage: '',
    description:
      'segmentation policy: generated from the flows a learning window needed, simulated on recorded traffic, approved, exported to firewalls',
    load: async () => (await import('./commands/policy-command.js')).registerPolicyCommands,
  },
  {
    name: 'risk',
    usage: '[options]',
    description:
      'devices by risk, highest first: score 0–100, level, and the factors behind it (impact: clinical function, patient data, network reach; likelihood: exploited and exploitable vulnerabilities, findings, exposure; controls)',
    load: async () => (await import('./commands/risk-command.js')).registerRiskCommands,
  },
  {
    name: 'risk-control',
    usage: '[options] <device> <control>',
    description:
      'record (or, with --clear, remove) a compensating control for a device: segmented, monitored; kept in its history',
    load: async () => (await import('./commands/risk-command.js')).registerRiskCommands,
  },
  {
    name: 'alerts',
    usage: '[options]',
    description:
      'alerts from traffic (scans, password guessing, ARP spoofing, …), newest first, with ATT&CK techniques, attackers and targets',
    load: async () => (await import('./commands/alerts-command.js')).registerAlertsCommands,
  },
  {
    name: 'alert',
    usage: '',
    description:
      'act on one alert: ack, investigate, resolve, false-positive, assign (kept in the audit log)',
    load: async () => (await import('./commands/alerts-command.js')).registerAlertsCommands,
  },
  {
    name: 'baseline',
    usage: '',
    description:
      'learned baselines: what a device, a device type or the site normally does (peers, services, operations, volume), versioned',
    load: async () => (await import('./commands/baseline-command.js')).registerBaselineCommands,
  },
  {
    name: 'case',
    usage: '',
    description:
      'incident cases: opened from alerts or a device, moved through the NIST SP 800-61 phases, with a timeline and the breach clock',
    load: async () => (await import('./commands/case-command.js')).registerCaseCommands,
  },
  {
    name: 'lifecycle',
    usage: '',
    description:
      'support dates per model (end of sale, of support, of security patches) and the devices past them',
    load: async () => (await import('./commands/lifecycle-command.js')).registerLifecycleCommands,
  },
  {
    name: 'mds2',
    usage: '',
    description: "manufacturers' disclosure statements for medical device security (MDS2, HN 1-2019)",
    load: async () => (await import('./commands/mds2-command.js')).registerMds2Commands,
  },
  {
    name: 'patch',
    usage: '',
    description:
      'patch planning: maintenance windows from when devices are idle, and patch campaigns with their progress',
    load: async () => (await import('./commands/patch-command.js')).registerPatchCommands,
  },
  {
    name: 'procurement',
    usage: '',
    description:
      "pre-purchase security reviews: a model's MDS2, SBOM and the known vulnerabilities of its components, with the open questions for the manufacturer",
    load: async () => (await import('./commands/procurement-command.js')).registerProcurementCommands,
  },
  {
    name: 'responsibility',
    usage: '',
    description:
      "who carries each control area of a model (manufacturer, hospital or shared): from its MDS2 answers, the hospital's assignments and the asset list's owners",
    load: async () => (await import('./commands/responsibility-command.js')).registerResponsibilityCommands,
  },
  {
    name: 'suppress',
    usage: '',
    description:
      'rules that hold back expected alerts (an authorised scanner), each with an owner, a reason and an end; they count what they hold back',
    load: async () => (await import('./commands/suppress-command.js')).registerSuppressCommands,
  },
  {
    name: 'queue',
    usage: '[options]',
    description:
      'the fix-first work queue: findings and vulnerabilities grouped across the fleet, ranked by the risk each removes, with remedy, owner, due date and status',
    load: async () => (await import('./commands/queue-command.js')).registerQueueCommands,
  },
  {
    name: 'register',
    usage: '',
    description:
      'the risk register (IEC 80001-1): risks per device or device type, with owner, treatment, due date, acceptance and history',
    load: async () => (await import('./commands/register-command.js')).registerRegisterCommands,
  },
  {
    name: 'audit',
    usage: '',
    description: 'the audit log: every change with who, when, what, before and after, hash-chained',
    load: async () => (await import('./commands/audit-command.js')).registerAuditCommands,
  },
  {
    name: 'users',
    usage: '',
    description: 'console and API accounts',
    load: async () => (await import('./commands/users-command.js')).registerUsersCommands,
  },
  {
    name: 'tokens',
    usage: '',
    description: 'API tokens for automation, each acting with one role',
    load: async () => (await import('./commands/users-command.js')).registerUsersCommands,
  },
  {
    name: 'serve',
    usage: '[options]',
    description: 'serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web console',
    load: async () => (await import('./commands/serve-command.js')).registerServeCommand,
  },
];

/**
 * Defines every command on `program`, loading each command module once: the whole program, for
 * checking this table against what the modules register. Running `vigil` loads only one.
 */
export async function registerEveryCommand(program: Command): Promise<Command> {
  const registered = new Set<(program: Command) => void>();
  for (const entry of commandTable) {
    const register = await entry.load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
  return program;
}
