import { toCiscoAcl } from '../segment/export/cisco-acl.js';
import { addressesOf, headerLines, ruleNote } from '../segment/export/export-helpers.js';
import { toNftables } from '../segment/export/nftables.js';
import type { CaseIsolation } from './isolation.js';

/**
 * ISE's predefined security group tag for quarantined endpoints (`Quarantined_Systems`, 255): its
 * matrix row and column are where an ISE deployment denies a quarantined endpoint's traffic.
 */
export const iseQuarantineTag = 255;

/** What an isolation is written as: the firewall or switch configuration that enforces it. */
export const isolationExports = {
  /**
   * An nftables table of the case's own (`inet vigil_case_3`), loaded beside the segmentation
   * policy's `inet vigil`: a packet must pass both, so the isolation's drops win. Established
   * connections are not let through first, so an upload in progress is cut too.
   */
  nftables: (isolation: CaseIsolation) =>
    toNftables(isolation.policy, { table: tableName(isolation), keepEstablished: false }),
  /** A Cisco IOS extended ACL of the case's own, without the `established` permit, for the SVI or routed port. */
  'cisco-acl': (isolation: CaseIsolation) =>
    toCiscoAcl(isolation.policy, {
      list: tableName(isolation).toUpperCase().replace(/_/g, '-'),
      permitEstablished: false,
    }),
  ise: toIseQuarantine,
} as const satisfies Record<string, (isolation: CaseIsolation) => string>;

export type IsolationExportFormat = keyof typeof isolationExports;
export const isolationExportFormats = Object.keys(isolationExports) as IsolationExportFormat[];

export function isIsolationExportFormat(value: string): value is IsolationExportFormat {
  return Object.hasOwn(isolationExports, value);
}

function tableName(isolation: CaseIsolation): string {
  return `vigil_${isolation.caseId.replace(/\W/g, '_')}`;
}

/**
 * Cisco ISE and TrustSec: the isolated devices' addresses mapped to the quarantine tag, their
 * MACs for an Adaptive Network Control `Quarantine` action (which moves the endpoint, wherever it
 * is switched, to that tag), and a role-based ACL denying the quarantine tag's traffic both ways.
 * Kept clinical conversations need permit cells of their own; they are listed as remarks, since
 * the peers' tags are the deployment's. Syntax: Cisco TrustSec configuration guide, "cts
 * role-based sgt-map", "ip access-list role-based", "cts role-based permissions".
 */
function toIseQuarantine(isolation: CaseIsolation): string {
  const { policy } = isolation;
  const lines = headerLines(policy).map((line) => `! ${line}`);
  const isolated = policy.groups.filter((group) => group.kind === 'device');
  lines.push(
    `! quarantine: security group tag ${iseQuarantineTag} (ISE's Quarantined_Systems)`,
    '! ISE Adaptive Network Control: apply the Quarantine action to these endpoints (Operations > Adaptive Network Control > Endpoint Assignment)',
  );
  for (const group of isolated)
    lines.push(`!   ${group.name}: ${group.macs.length === 0 ? 'no MAC known' : group.macs.join(' ')}`);
  for (const group of isolated)
    for (const address of [...addressesOf(group, 4), ...addressesOf(group, 6)])
      lines.push(`cts role-based sgt-map ${address} sgt ${iseQuarantineTag}`);
  const kept = policy.rules.filter(
    (rule) => rule.action === 'allow' && rule.justification.basis === 'analyst',
  );
  if (kept.length > 0) {
    lines.push('! kept clinical conversations: give each peer its cell with the quarantine tag a permit');
    for (const rule of kept) lines.push(`!   ${ruleNote(rule, 160)}`);
  }
  lines.push(
    'ip access-list role-based VIGIL-QUARANTINE',
    ` remark ${isolation.caseId} isolation ${isolation.seq}: nothing leaves or reaches a quarantined device`,
    ' deny ip log',
    '!',
    `cts role-based permissions from ${iseQuarantineTag} to unknown VIGIL-QUARANTINE`,
    `cts role-based permissions from unknown to ${iseQuarantineTag} VIGIL-QUARANTINE`,
    '! in the ISE matrix, set every cell of the Quarantined_Systems row and column to VIGIL-QUARANTINE',
    '',
  );
  return lines.join('\n');
}
