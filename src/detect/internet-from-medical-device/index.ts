import { readFileSync } from 'node:fs';
import type { FactSighting } from '../../baseline/host-activity.js';
import { projectFile } from '../../project-files.js';
import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/** Manufacturers' own domains (`data/detect/vendor-endpoints.json`): a device may call home to them. */
let vendorDomains: Map<string, string[]> | undefined;

function domainsOf(manufacturer: string | null): string[] {
  vendorDomains ??= new Map(
    (
      JSON.parse(readFileSync(projectFile('data', 'detect', 'vendor-endpoints.json'), 'utf8')) as {
        vendors: { names: string[]; domains: string[] }[];
      }
    ).vendors.flatMap((vendor) => vendor.names.map((name) => [name.toLowerCase(), vendor.domains] as const)),
  );
  if (manufacturer === null) return [];
  // Whole words only: `BD` names Becton Dickinson, not any name with those letters in it.
  const words = ` ${manufacturer.toLowerCase().replace(/[^a-z0-9äöü.]+/g, ' ')} `;
  for (const [vendor, domains] of vendorDomains) if (words.includes(` ${vendor} `)) return domains;
  return [];
}

const isUnder = (name: string, domain: string) => name === domain || name.endsWith(`.${domain}`);

/**
 * A medical device reaching the Internet somewhere its baseline never did: a TLS name it never
 * asked for that is not its manufacturer's, or a public address it never opened (when no name
 * was shown). A CT scanner or a pump has no business browsing; this is how command and control
 * and uploads look.
 */
export const internetFromMedicalDeviceDetector: ReviewDetectorDefinition = {
  type: 'internet-from-medical-device',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined || reviewed.device.category !== 'medical') continue;
      const domains = domainsOf(reviewed.device.manufacturer ?? reviewed.device.vendor);
      // Addresses a TLS name was asked of are judged by the name, not the address (CDNs move).
      const named = new Set(
        [...(reviewed.activity.facts.get('tlsNames')?.values() ?? [])].map((sighting) => sighting.peerIp),
      );
      const novelties: { what: string; peerIp: string | undefined; sighting: FactSighting }[] = [];
      for (const [name, sighting] of novelFacts(reviewed, 'tlsNames')) {
        if (domains.some((domain) => isUnder(name, domain))) continue;
        novelties.push({ what: `${name} (${sighting.peerIp})`, peerIp: sighting.peerIp, sighting });
      }
      for (const [address, sighting] of novelFacts(reviewed, 'outsidePeers'))
        if (!named.has(address)) novelties.push({ what: address, peerIp: address, sighting });
      const device = partyOf(reviewed);
      for (const { what, peerIp, sighting } of novelties) {
        report({
          type: 'internet-from-medical-device',
          key: device.ip,
          severity: 'medium',
          techniques: ['T0869', 'T1071'],
          summary: `${device.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''} reached ${what} on the Internet, which its baseline never held${domains.length > 0 ? ` and is not its manufacturer's (${domains.join(', ')})` : ''}`,
          remedy: `Ask the manufacturer whether ${reviewed.device.type ?? 'the device'} should reach ${what}; if not, block it at the firewall (medical devices should reach only their vendor's listed endpoints) and examine the device.`,
          sources: [device],
          targets: [{ ip: peerIp, mac: undefined }],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [detectionEvidence(sighting.evidence, sighting.firstSeenMs, `${device.ip} to ${what}`)],
          detail: {
            destinations: [what],
            baselineVersion: [String(reviewed.baseline.version)],
            baselineNames: heldSample(reviewed.baseline.profile.facts.tlsNames),
            vendorDomains: domains,
          },
        });
      }
    }
  },
};
