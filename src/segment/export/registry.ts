import type { Policy } from '../policy.js';
import { toCiscoAcl } from './cisco-acl.js';
import { toCsv } from './csv.js';
import { toIptables } from './iptables.js';
import { toIse } from './ise.js';
import { toNftables } from './nftables.js';
import { toPanos } from './panos.js';

/** Every export format, by the name `vigil policy export --format` takes: the only list. */
export const policyExports = {
  nftables: toNftables,
  iptables: toIptables,
  'cisco-acl': toCiscoAcl,
  ise: toIse,
  panos: toPanos,
  csv: toCsv,
} as const satisfies Record<string, (policy: Policy) => string>;

export type PolicyExportFormat = keyof typeof policyExports;
export const policyExportFormats = Object.keys(policyExports) as PolicyExportFormat[];
