import type { ReviewDetectorDefinition } from '../review-detector.js';

/**
 * A life-sustaining device (an infusion pump, a ventilator) that stopped talking while the
 * network went on: it may be off, unplugged, or cut off by an attack, and a central station may
 * have lost it. The inventory writes the silence when the latest traffic is far enough past the
 * device's; this raises it as an alert.
 */
export const lifeSustainingDeviceSilentDetector: ReviewDetectorDefinition = {
  type: 'life-sustaining-device-silent',
  isDeviation: false,
  review(run, report) {
    for (const { event, device } of run.events) {
      if (event.kind !== 'went-silent' || device.classification.clinicalFunction !== 'life-sustaining')
        continue;
      const atMs = Date.parse(event.at);
      const party = { ip: device.ips[0], mac: device.macs[0] };
      report({
        type: 'life-sustaining-device-silent',
        key: device.id,
        severity: 'high',
        techniques: ['T0826'],
        summary: `${device.type ?? 'life-sustaining device'} ${party.ip ?? party.mac}${device.assetTag ? ` (asset ${device.assetTag})` : ''} has been silent since ${event.before}`,
        remedy:
          'Ask the ward whether the device is in use; if it is and it should report, check its network connection and the central station, and look for traffic blocking it.',
        sources: [],
        targets: [party],
        firstSeenMs: atMs,
        lastSeenMs: atMs,
        count: 1,
        evidence: [],
        detail: { lastSeen: [event.before ?? ''] },
      });
    }
  },
};
