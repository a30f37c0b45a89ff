import { detectionEvidence } from '../evidence-of.js';
import type { ReviewDetectorDefinition } from '../review-detector.js';

/**
 * A device reporting an older software version than the one the store held: a downgrade brings
 * back fixed vulnerabilities, and attackers downgrade to use them. The inventory writes the event
 * when it merges; this raises it as an alert.
 */
export const firmwareDowngradeDetector: ReviewDetectorDefinition = {
  type: 'firmware-downgrade',
  isDeviation: false,
  review(run, report) {
    for (const { event, device } of run.events) {
      if (event.kind !== 'firmware-downgrade') continue;
      const atMs = Date.parse(event.at);
      const party = { ip: device.ips[0], mac: device.macs[0] };
      report({
        type: 'firmware-downgrade',
        key: device.id,
        severity: 'high',
        techniques: ['T0857'],
        summary: `${device.type ?? 'device'} ${party.ip ?? party.mac} went from software ${event.before} back to ${event.after}`,
        remedy: `Ask the clinical engineer who serviced the device whether the downgrade was planned; if not, restore the manufacturer's current release, and check the device for other changes.`,
        sources: [party],
        targets: [party],
        firstSeenMs: atMs,
        lastSeenMs: atMs,
        count: 1,
        evidence:
          event.evidence === null
            ? []
            : [detectionEvidence(event.evidence, atMs, `reports software ${event.after}`)],
        detail: { before: [event.before ?? ''], after: [event.after ?? ''] },
      });
    }
  },
};
