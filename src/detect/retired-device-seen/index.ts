import type { ReviewDetectorDefinition } from '../review-detector.js';

/**
 * A device retired from service (`vigil lifecycle retire`) that talks on the network again after
 * the day it left: it may not have been sanitised as recorded, may have been taken and brought
 * back, or its address and MAC are borrowed. ATT&CK for ICS T0864, Transient Cyber Asset.
 */
export const retiredDeviceSeenDetector: ReviewDetectorDefinition = {
  type: 'retired-device-seen',
  isDeviation: false,
  review(run, report) {
    for (const { device, firstSeenMs: runFirstMs, lastSeenMs } of run.shown) {
      const attributeValue = (name: string) =>
        device.attributes.find((attribute) => attribute.name === name)?.value;
      if (attributeValue('lifecycle.status') !== 'retired') continue;
      const retiredMs = Date.parse(attributeValue('lifecycle.retired-at') ?? '');
      if (Number.isNaN(retiredMs) || !(lastSeenMs > retiredMs)) continue;
      const firstSeenMs = Math.max(runFirstMs, retiredMs);
      const party = { ip: device.ips[0], mac: device.macs[0] };
      const certificate = attributeValue('lifecycle.sanitisation-certificate');
      report({
        type: 'retired-device-seen',
        key: device.id,
        severity: 'high',
        techniques: ['T0864'],
        summary: `${device.type ?? 'device'} ${party.ip ?? party.mac}${device.assetTag ? ` (asset ${device.assetTag})` : ''}, retired on ${new Date(retiredMs).toISOString().slice(0, 10)} (media sanitised: ${attributeValue('lifecycle.sanitisation') ?? 'not recorded'}${certificate ? `, certificate ${certificate}` : ''}), is on the network again`,
        remedy:
          'Find the device and who connected it. If it is the retired one, its sanitisation did not happen as recorded or it came back: take it off the network and check what patient data it holds. If its address or MAC is borrowed, treat it as an intruder.',
        sources: [party],
        targets: [],
        firstSeenMs,
        lastSeenMs,
        count: 1,
        evidence: [],
        detail: {
          retiredAt: [new Date(retiredMs).toISOString()],
          sanitisation: [attributeValue('lifecycle.sanitisation') ?? ''],
          ...(certificate ? { certificate: [certificate] } : {}),
        },
      });
    }
  },
};
