import { findingTitle } from '../inventory/finding-types.js';
import type { RiskFactor } from './score-device.js';

const reasonParts = 3;

/**
 * The few words a list shows for why a device scores as it does: its three largest positive
 * factors in plain words, its vulnerabilities counted as one (`life-sustaining device; logins in
 * clear text; 10 vulnerabilities`).
 */
export function riskReason(factors: readonly RiskFactor[]): string {
  const parts: { text: string; contribution: number }[] = [];
  const vulnerabilities = factors.filter((factor) => factor.name.startsWith('vulnerability '));
  if (vulnerabilities.length > 0) {
    const exploited = vulnerabilities.filter((factor) => factor.evidence.includes('known exploited')).length;
    const noun = vulnerabilities.length === 1 ? 'vulnerability' : 'vulnerabilities';
    parts.push({
      text:
        vulnerabilities.length === 1
          ? `${(vulnerabilities[0] as RiskFactor).name.slice('vulnerability '.length)}${exploited > 0 ? ' (known exploited)' : ''}`
          : `${vulnerabilities.length} ${noun}${exploited > 0 ? ` (${exploited} known exploited)` : ''}`,
      contribution: vulnerabilities.reduce((sum, factor) => sum + factor.contribution, 0),
    });
  }
  for (const factor of factors) {
    if (factor.name.startsWith('vulnerability ')) continue;
    parts.push({ text: plainFactorName(factor.name), contribution: factor.contribution });
  }
  const largest = parts
    .filter((part) => part.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.text.localeCompare(b.text))
    .slice(0, reasonParts)
    .map((part) => part.text);
  return largest.length === 0 ? 'nothing seen against it' : largest.join('; ');
}

/** A factor's name as a person reads it: no machine tokens. */
export function plainFactorName(name: string): string {
  if (name.startsWith('clinical function: ')) {
    const value = name.slice('clinical function: '.length);
    return value === 'unknown' ? 'clinical function unknown' : `${value} device`;
  }
  if (name.startsWith('finding: ')) return findingTitle(name.slice('finding: '.length));
  if (name.startsWith('control: ')) return `${name.slice('control: '.length)} (control)`;
  if (name.startsWith('vulnerability ')) return name.slice('vulnerability '.length);
  if (name.startsWith('open alert: '))
    return `under attack: ${name.slice('open alert: '.length).replaceAll('-', ' ')}`;
  switch (name) {
    case 'network reach':
      return 'wide network reach';
    case 'Internet traffic':
      return 'talks to the Internet';
    default:
      return name;
  }
}
