import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/**
 * A device sending images (C-STORE) to an AE title or host it never stored to while learning:
 * studies leaving for an unknown destination, often the end of a C-MOVE someone else asked for.
 */
export const dicomStoreToNewDestinationDetector: ReviewDetectorDefinition = {
  type: 'dicom-store-to-new-destination',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined) continue;
      const held = reviewed.baseline.profile.facts.dicomStoreDestinations;
      for (const [destination, sighting] of novelFacts(reviewed, 'dicomStoreDestinations')) {
        const sender = partyOf(reviewed);
        report({
          type: 'dicom-store-to-new-destination',
          key: `${sender.ip}>${sighting.peerIp ?? destination}`,
          severity: 'high',
          techniques: ['T0882', 'T1048'],
          summary: `${sender.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''} sent images to ${destination}, a destination it never stored to: patient studies may be leaving`,
          remedy: `Find out who configured or requested ${destination} (a C-MOVE naming it is the usual way); if it is not a known archive or viewer, remove it from the sender's destinations and block the address.`,
          sources: [sender],
          targets: [{ ip: sighting.peerIp, mac: sighting.peerMac }],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(
              sighting.evidence,
              sighting.firstSeenMs,
              `C-STORE from ${sender.ip} to ${destination}`,
            ),
          ],
          detail: {
            destination: [destination],
            baselineVersion: [String(reviewed.baseline.version)],
            baselineDestinations: heldSample(held),
          },
        });
      }
    }
  },
};
