import { detectionEvidence } from '../evidence-of.js';
import { partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

const megabytes = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1_000).toFixed(1)} kB`;

/**
 * A device sending far more to the Internet in one clock hour than its baseline ever did: more
 * than `exfiltrationFactor` times its learned maximum, and at least the floor. One alert per
 * device, with the hour's largest destination.
 */
export const exfiltrationVolumeDetector: ReviewDetectorDefinition = {
  type: 'exfiltration-volume',
  isDeviation: true,
  review(run, report) {
    const { exfiltrationFactor, exfiltrationFloorBytesPerHour } = run.config;
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined) continue;
      const learnedMax = reviewed.baseline.profile.outsideBytesPerHourMax;
      const threshold = Math.max(learnedMax * exfiltrationFactor, exfiltrationFloorBytesPerHour);
      for (const hour of reviewed.activity.outsideHours.values()) {
        if (hour.bytes <= threshold) continue;
        const device = partyOf(reviewed);
        const startMs = hour.hour * 3_600_000;
        report({
          type: 'exfiltration-volume',
          key: device.ip,
          severity: 'high',
          techniques: ['T0882', 'T1048'],
          summary: `${device.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''} sent ${megabytes(hour.bytes)} to the Internet in the hour from ${new Date(startMs).toISOString().slice(0, 16)}Z, ${megabytes(hour.topPeerBytes)} of it to ${hour.topPeer}; its baseline's most in an hour was ${megabytes(learnedMax)}`,
          remedy: `Find what ${device.ip} sent to ${hour.topPeer} (the proxy or firewall log has the name and the account); if it is not a known backup or vendor upload, block the destination and isolate the host while it is examined.`,
          sources: [device],
          targets: [{ ip: hour.topPeer, mac: undefined }],
          firstSeenMs: startMs,
          lastSeenMs: startMs + 3_599_999,
          count: 1,
          evidence: [
            detectionEvidence(
              hour.evidence,
              startMs,
              `largest transfer of the hour: ${megabytes(hour.topPeerBytes)} to ${hour.topPeer}`,
            ),
          ],
          detail: {
            bytesInHour: [String(Math.round(hour.bytes))],
            baselineMaxBytesPerHour: [String(learnedMax)],
            baselineVersion: [String(reviewed.baseline.version)],
            threshold: [
              `${exfiltrationFactor} × the baseline's maximum, at least ${megabytes(exfiltrationFloorBytesPerHour)}`,
            ],
          },
        });
      }
    }
  },
};
