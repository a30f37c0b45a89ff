import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/**
 * HL7 v2 reaching a receiver from a sender (application, facility and host) or of a message type
 * it never got while learning: forged results or orders enter this way, and so does a
 * misconfigured interface engine.
 */
export const hl7NewSenderDetector: ReviewDetectorDefinition = {
  type: 'hl7-new-sender',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined) continue;
      const { facts } = reviewed.baseline.profile;
      const receiver = partyOf(reviewed);
      const novelties = [
        ...novelFacts(reviewed, 'hl7Senders').map(([fact, sighting]) => ({
          what: `sender ${fact}`,
          sighting,
        })),
        ...novelFacts(reviewed, 'hl7MessageTypes').map(([fact, sighting]) => ({
          what: `message type ${fact}`,
          sighting,
        })),
      ];
      for (const { what, sighting } of novelties) {
        report({
          type: 'hl7-new-sender',
          key: `${sighting.peerIp ?? '?'}>${receiver.ip}`,
          severity: 'medium',
          techniques: ['T0856', 'T0830'],
          summary: `${receiver.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''} received HL7 from a ${what} it never had before`,
          remedy: `Confirm with the interface team that ${sighting.peerIp} is meant to send HL7 to ${receiver.ip}; if not, restrict the receiver's listener to its known senders and check the messages it accepted.`,
          sources: [{ ip: sighting.peerIp, mac: sighting.peerMac }],
          targets: [receiver],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(sighting.evidence, sighting.firstSeenMs, `HL7 ${what} to ${receiver.ip}`),
          ],
          detail: {
            novel: [what],
            baselineVersion: [String(reviewed.baseline.version)],
            baselineSenders: heldSample(facts.hl7Senders),
            baselineMessageTypes: heldSample(facts.hl7MessageTypes),
          },
        });
      }
    }
  },
};
