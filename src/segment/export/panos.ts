import type { Policy, PolicyRule } from '../policy.js';
import { addressesOf, groupById, headerLines, ruleNote } from './export-helpers.js';

/** App-IDs of the applications rules name, from Palo Alto Networks' Applipedia. */
const appIds: Readonly<Record<string, string>> = {
  DICOM: 'dicom',
  'HL7 MLLP': 'hl7',
  FTP: 'ftp',
  telnet: 'telnet',
  RDP: 'ms-rdp',
  VNC: 'vnc',
  SMB: 'ms-ds-smb',
  'NetBIOS session (SMBv1)': 'netbios-ss',
};

/**
 * PAN-OS configuration-mode `set` commands: an address object per address, an address group per
 * group, a service per transport and port, and one security rule per policy rule in order (`move
 * … bottom` keeps that order after rules already present). A rule whose application has an
 * App-ID names it as well as the ports. Syntax: PAN-OS CLI reference, "set address",
 * "set address-group", "set service", "set rulebase security rules".
 */
export function toPanos(policy: Policy): string {
  const group = groupById(policy);
  const lines = headerLines(policy).map((line) => `# ${line}`);
  const used = new Set(policy.rules.flatMap((rule) => [rule.from, rule.to]).filter((id) => id !== 'any'));
  const addressObjects = new Set<string>();
  for (const each of policy.groups) {
    if (!used.has(each.id)) continue;
    const members: string[] = [];
    for (const address of [...addressesOf(each, 4), ...addressesOf(each, 6)]) {
      const name = addressName(address);
      if (!addressObjects.has(name)) {
        addressObjects.add(name);
        lines.push(`set address ${name} ip-netmask ${address.includes('/') ? address : hostCidr(address)}`);
      }
      members.push(name);
    }
    if (members.length > 0) lines.push(`set address-group ${each.id} static [ ${members.join(' ')} ]`);
  }
  const services = new Set<string>();
  for (const rule of policy.rules)
    for (const name of serviceNames(rule))
      if (!services.has(name)) {
        services.add(name);
        const [, protocol, port] = name.split('-');
        lines.push(`set service ${name} protocol ${protocol} port ${port}`);
      }
  for (const rule of policy.rules) {
    const source = endpoint(rule.from, group);
    const destination = endpoint(rule.to, group);
    if (source === null || destination === null) continue;
    const name = `vigil-${rule.id}`;
    const service = serviceNames(rule);
    const application = rule.application === null ? undefined : appIds[rule.application];
    const base = `set rulebase security rules ${name}`;
    lines.push(
      `${base} from any to any source ${source} destination ${destination}` +
        ` service ${service.length === 0 ? (rule.protocol === 'icmp' || rule.protocol === 'icmpv6' ? 'application-default' : 'any') : `[ ${service.join(' ')} ]`}` +
        ` application ${applicationOf(rule, application)} action ${rule.action === 'deny' ? 'deny' : 'allow'}`,
      `${base} description "${ruleNote(rule, 250)}"`,
    );
    if (rule.action === 'log') lines.push(`${base} log-end yes`);
    lines.push(`move rulebase security rules ${name} bottom`);
  }
  lines.push('');
  return lines.join('\n');
}

function applicationOf(rule: PolicyRule, appId: string | undefined): string {
  if (rule.protocol === 'icmp') return 'icmp';
  if (rule.protocol === 'icmpv6') return 'ipv6-icmp';
  return appId ?? 'any';
}

function endpoint(id: string, group: ReturnType<typeof groupById>): string | null {
  if (id === 'any') return 'any';
  const each = group(id);
  return addressesOf(each, 4).length + addressesOf(each, 6).length === 0 ? null : id;
}

function serviceNames(rule: PolicyRule): string[] {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return [];
  return rule.ports.map((port) => `vigil-${rule.protocol}-${port}`);
}

function addressName(address: string): string {
  return `${address.includes('/') ? 'net' : 'host'}-${address.replaceAll(':', '.').replace('/', '_')}`;
}

function hostCidr(address: string): string {
  return `${address}/${address.includes(':') ? 128 : 32}`;
}
