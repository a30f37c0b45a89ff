import { csvText } from '../../csv-text.js';
import type { Policy } from '../policy.js';
import { groupById } from './export-helpers.js';

/** The rules in order, one row each with the addresses of both groups and the justification (RFC 4180). */
export function toCsv(policy: Policy): string {
  const group = groupById(policy);
  const addresses = (id: string) => (id === 'any' ? 'any' : (group(id)?.addresses.join(' ') ?? ''));
  return csvText([
    [
      'order',
      'rule',
      'action',
      'from',
      'from_addresses',
      'to',
      'to_addresses',
      'protocol',
      'ports',
      'application',
      'basis',
      'reason',
      'flows',
      'packets',
      'bytes',
      'first_seen',
      'last_seen',
      'review',
    ],
    ...policy.rules.map((rule, index) => [
      String(index + 1),
      rule.id,
      rule.action,
      rule.from,
      addresses(rule.from),
      rule.to,
      addresses(rule.to),
      rule.protocol,
      rule.ports.join(' '),
      rule.application ?? '',
      rule.justification.basis,
      rule.justification.reason,
      String(rule.justification.flows),
      String(rule.justification.packets),
      String(rule.justification.bytes),
      rule.justification.firstSeen ?? '',
      rule.justification.lastSeen ?? '',
      rule.review ?? '',
    ]),
  ]);
}
