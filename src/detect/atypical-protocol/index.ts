import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/** Protocols an attacker moves and controls with: speaking one out of type is the gravest. */
const remoteServices = new Set(['smb', 'rdp', 'ssh', 'telnet', 'vnc', 'ftp']);

/**
 * A device speaking a protocol (as client or server) that no device of its type spoke while the
 * type's baseline learned, nor the device itself: an infusion pump speaking SMB, a monitor
 * opening RDP. Judged only once the type's baseline was learned from enough devices.
 */
export const atypicalProtocolDetector: ReviewDetectorDefinition = {
  type: 'atypical-protocol',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      const typeBaseline = reviewed.typeBaseline;
      if (typeBaseline === undefined) continue;
      const ownHeld = new Set(reviewed.baseline?.profile.facts.protocols ?? []);
      const device = partyOf(reviewed);
      for (const [protocol, sighting] of novelFacts(
        reviewed,
        'protocols',
        typeBaseline.profile.facts.protocols,
      )) {
        if (ownHeld.has(protocol)) continue;
        const family = protocol.split(' ')[0]!;
        // Answering as a server, the device was reached: whoever reached it is the actor.
        const peer = sighting.peerIp === undefined ? [] : [{ ip: sighting.peerIp, mac: sighting.peerMac }];
        const isServer = protocol.endsWith(' server');
        report({
          type: 'atypical-protocol',
          key: device.ip,
          severity: remoteServices.has(family) ? 'high' : 'medium',
          techniques: remoteServices.has(family) ? ['T0886', 'T1021'] : ['T0869'],
          summary: `${device.ip}, ${/^[aeiou]/i.test(reviewed.device.type ?? '') ? 'an' : 'a'} ${reviewed.device.type}, spoke ${protocol}${sighting.peerIp ? ` with ${sighting.peerIp}` : ''}: none of the ${typeBaseline.members} ${reviewed.device.type} devices learned from ever did`,
          remedy: `Check whether ${device.ip} was reconfigured or replaced; a device of this type has no use for ${family.toUpperCase()}: block it at the device's zone and examine the device.`,
          sources: isServer ? peer : [device],
          targets: isServer ? [device] : peer,
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(sighting.evidence, sighting.firstSeenMs, `${device.ip} speaks ${protocol}`),
          ],
          detail: {
            protocols: [protocol],
            typeBaselineVersion: [String(typeBaseline.version)],
            typeProtocols: heldSample(typeBaseline.profile.facts.protocols, 20),
          },
        });
      }
    }
  },
};
