import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../src/config/zones.js';
import { EndpointGroups, type SegmentDevice } from '../src/segment/endpoint-groups.js';
import {
  type PolicyExportFormat,
  policyExportFormats,
  policyExports,
} from '../src/segment/export/registry.js';
import { generatePolicy, unlearned } from '../src/segment/generate-policy.js';
import type { Policy } from '../src/segment/policy.js';
import type { PolicyFlow } from '../src/segment/policy-flow.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, hasTool, run } from './support/tools.js';

const zones: Zone[] = [
  { name: 'ICU', cidr: '10.10.0.0/16', trust: 'clinical' },
  { name: 'radiology', cidr: '10.11.0.0/16', trust: 'clinical' },
  { name: 'guest Wi-Fi', cidr: '10.15.0.0/16', trust: 'untrusted' },
  { name: 'data centre', cidr: '10.17.0.0/16' },
];

const device = (
  id: number,
  name: string,
  ips: string[],
  type: string,
  category: string,
  clinicalFunction: string,
): SegmentDevice => ({
  id: `dev-${id.toString(16).padStart(12, '0')}`,
  name,
  ips,
  macs: [`00:1a:01:00:00:${id.toString(16).padStart(2, '0')}`],
  type,
  category,
  clinicalFunction,
  manufacturer: null,
  model: null,
  riskLevel: null,
});

/** A small hospital: two pumps, a CT, a PACS, an interface engine, a biomed laptop, DNS. */
const devices = [
  device(1, 'pump-1', ['10.10.0.11'], 'infusion pump', 'medical', 'life-sustaining'),
  device(2, 'pump-2', ['10.10.0.12', 'fd00:10::12'], 'infusion pump', 'medical', 'life-sustaining'),
  device(3, 'ct-1', ['10.11.0.5'], 'CT scanner', 'medical', 'diagnostic'),
  device(4, 'pacs', ['10.17.0.4'], 'PACS', 'medical', 'diagnostic'),
  device(5, 'hl7-engine', ['10.17.0.5'], 'interface engine', 'IT', 'administrative'),
  device(6, 'biomed-laptop', ['10.17.0.9'], 'laptop', 'IT', 'administrative'),
  device(7, 'dns', ['10.17.0.2', 'fd00:17::2'], 'server', 'IT', 'none'),
];

let clock = Date.parse('2026-12-01T08:00:00Z');
const flow = (src: string, dst: string, protocol: number, port: number, count = 1): PolicyFlow => {
  clock += 60_000;
  return {
    src,
    dst,
    protocol,
    port,
    packets: 10 * count,
    bytes: 1500 * count,
    firstSeenMs: clock,
    lastSeenMs: clock + 5_000,
    count,
    answered: true,
  };
};

const window = [
  flow('10.11.0.5', '10.17.0.4', 6, 104, 12),
  flow('10.10.0.11', '10.17.0.5', 6, 2575, 40),
  flow('10.10.0.12', '10.17.0.5', 6, 2575, 38),
  flow('10.10.0.11', '10.17.0.2', 17, 53, 90),
  flow('fd00:10::12', 'fd00:17::2', 17, 53, 7),
  flow('10.10.0.11', '198.51.100.20', 6, 443, 3),
  flow('10.17.0.9', '10.10.0.11', 6, 23, 2),
  flow('10.17.0.9', '10.10.0.12', 6, 21, 1),
  flow('10.11.0.5', '10.17.0.4', 1, 0, 4),
];

function goldenPolicy(granularity: 'type' | 'device'): Policy {
  const generated = generatePolicy(window, new EndpointGroups(devices, zones, granularity));
  const policy: Policy = {
    ...generated,
    id: 'pol-3',
    version: 3,
    status: 'approved',
    createdAt: '2026-12-02T09:00:00.000Z',
    createdBy: 'analyst',
    approvedAt: '2026-12-03T10:00:00.000Z',
    approvedBy: 'biomed-lead',
  };
  // An analyst's rule logging (not blocking) SSH from the maintenance hosts, before the default: exercises `log`.
  policy.rules.splice(policy.rules.length - 1, 0, {
    id: 'A1',
    from: 'maintenance',
    to: 'any',
    protocol: 'tcp',
    ports: [22],
    application: null,
    action: 'log',
    justification: unlearned('analyst', 'log SSH from maintenance hosts'),
    review: null,
  });
  return policy;
}

const extensions: Record<PolicyExportFormat, string> = {
  nftables: 'nft',
  iptables: 'iptables',
  'cisco-acl': 'ios.txt',
  ise: 'ise.txt',
  panos: 'panos.txt',
  csv: 'csv',
};

/** Each export of a fixed policy, compared with a file a person has read against the vendor's syntax. */
describe('policy exports match their golden files', () => {
  for (const granularity of ['type', 'device'] as const)
    for (const format of policyExportFormats)
      it(`${format} at ${granularity} granularity`, async () => {
        await expect(policyExports[format](goldenPolicy(granularity))).toMatchFileSnapshot(
          join('golden', `policy-${granularity}.${extensions[format]}`),
        );
      });

  it.skipIf(!(hasTool('nft') && hasTool('iptables-restore') && canUseNetworkNamespaces()))(
    'are accepted by nft -c and iptables-restore --test',
    () => {
      const directory = temporaryDirectory('vigil-golden-');
      const namespace = `vigil-golden-${process.pid}`;
      run('ip', ['netns', 'add', namespace]);
      try {
        for (const granularity of ['type', 'device'] as const) {
          const policy = goldenPolicy(granularity);
          const nft = join(directory, `${granularity}.nft`);
          const iptables = join(directory, `${granularity}.iptables`);
          writeFileSync(nft, policyExports.nftables(policy));
          writeFileSync(iptables, policyExports.iptables(policy));
          run('ip', ['netns', 'exec', namespace, 'nft', '-c', '-f', nft]);
          run('ip', ['netns', 'exec', namespace, 'iptables-restore', '--test', iptables]);
        }
      } finally {
        run('ip', ['netns', 'delete', namespace]);
      }
    },
  );
});
