import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/**
 * DICOM queries or retrievals (C-FIND, C-MOVE, C-GET) at an archive from an AE title or host its
 * baseline never saw ask: how patient studies are found and pulled out of a PACS. One alert per
 * caller, naming every archive it asked.
 */
export const dicomQueryFromNewPeerDetector: ReviewDetectorDefinition = {
  type: 'dicom-query-from-new-peer',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined) continue;
      const held = reviewed.baseline.profile.facts.dicomQueryCallers;
      for (const [caller, sighting] of novelFacts(reviewed, 'dicomQueryCallers')) {
        const server = partyOf(reviewed);
        report({
          type: 'dicom-query-from-new-peer',
          key: sighting.peerIp ?? caller,
          severity: 'high',
          techniques: ['T0811', 'T0882'],
          summary: `${caller} queried the DICOM archive ${server.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''}, which never had queries from it: studies may be being searched for and pulled out`,
          remedy: `Check who runs ${caller}; if it is not a known viewer or workstation, block it at the archive (AE title and address allow-list) and review what the archive sent it (C-MOVE destinations, C-STORE out).`,
          sources: [{ ip: sighting.peerIp, mac: sighting.peerMac }],
          targets: [server],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(
              sighting.evidence,
              sighting.firstSeenMs,
              `DICOM query from ${caller} to ${server.ip}`,
            ),
          ],
          detail: {
            caller: [caller],
            baselineVersion: [String(reviewed.baseline.version)],
            baselineCallers: heldSample(held),
          },
        });
      }
    }
  },
};
