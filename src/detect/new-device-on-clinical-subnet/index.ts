import { subnetOf } from '../../baseline/learn-and-review.js';
import { detectionEvidence } from '../evidence-of.js';
import type { ReviewDetectorDefinition } from '../review-detector.js';

/**
 * A device the store never held appearing on a subnet where the site's baseline learned medical
 * devices live: a laptop plugged into an ICU port, a rogue access point, an attacker's box. Only
 * once the site's baseline has learned, so a first inventory does not flag every device.
 */
export const newDeviceOnClinicalSubnetDetector: ReviewDetectorDefinition = {
  type: 'new-device-on-clinical-subnet',
  isDeviation: true,
  review(run, report) {
    if (run.site === undefined) return;
    const clinical = new Set(run.site.profile.facts.clinicalSubnets ?? []);
    for (const { event, device } of run.events) {
      if (event.kind !== 'new-device') continue;
      const subnets = device.ips.flatMap((ip) => {
        const subnet = subnetOf(ip);
        return subnet !== undefined && clinical.has(subnet) ? [`${ip} in ${subnet}`] : [];
      });
      if (subnets.length === 0) continue;
      const atMs = Date.parse(event.at);
      report({
        type: 'new-device-on-clinical-subnet',
        key: device.id,
        severity: device.category === 'medical' ? 'low' : 'medium',
        techniques: ['T0864'],
        summary: `A device never seen before (${[device.type, device.vendor].filter(Boolean).join(', ') || 'unclassified'}, ${device.macs[0] ?? device.ips[0]}) appeared on a clinical subnet: ${subnets.join('; ')}`,
        remedy: `Find the switch port of ${device.macs[0] ?? device.ips[0]} and who connected it; if it is not a registered asset, disable the port (or move it to the guest network) and add the device to the asset list if it belongs.`,
        sources: [
          {
            ip: device.ips[0],
            mac: device.macs[0],
            ...(device.macs[0] ? { identifiedBy: 'mac' as const } : {}),
          },
        ],
        targets: [],
        firstSeenMs: atMs,
        lastSeenMs: atMs,
        count: 1,
        evidence:
          event.evidence === null
            ? []
            : [detectionEvidence(event.evidence, atMs, `first packet of ${device.macs[0] ?? device.ips[0]}`)],
        detail: { subnets, siteBaselineVersion: [String(run.site.version)] },
      });
    }
  },
};
