import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/**
 * Passwords sent in clear (telnet, FTP, HTTP Basic) to a device whose baseline never had such
 * logins, nor its type's (other pumps of the ward taking the biomed's telnet logins make it
 * usual for pumps): a service someone turned on, or a new way in being used. Devices that always
 * took cleartext logins carry it as a finding; the alert is for the change.
 */
export const cleartextCredentialsDetector: ReviewDetectorDefinition = {
  type: 'cleartext-credentials',
  isDeviation: true,
  review(run, report) {
    for (const reviewed of run.devices) {
      if (reviewed.baseline === undefined) continue;
      const held = reviewed.baseline.profile.facts.cleartextLogins;
      const usualForType = new Set(reviewed.typeBaseline?.profile.facts.cleartextLogins ?? []);
      for (const [service, sighting] of novelFacts(reviewed, 'cleartextLogins')) {
        if (usualForType.has(service)) continue;
        const server = partyOf(reviewed);
        report({
          type: 'cleartext-credentials',
          key: `${server.ip}/${service}`,
          severity: 'medium',
          techniques: ['T1040', 'T1552'],
          summary: `${sighting.peerIp} sent a password in clear over ${service} to ${server.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''}, which took no such logins before: anyone on the path can read it`,
          remedy: `Find out who enabled ${service} logins on ${server.ip}; use the encrypted alternative (SSH, SFTP, HTTPS) or turn the service off, and change the password that crossed in clear.`,
          sources: [{ ip: sighting.peerIp, mac: sighting.peerMac }],
          targets: [server],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(
              sighting.evidence,
              sighting.firstSeenMs,
              `${service} password in clear to ${server.ip}`,
            ),
          ],
          detail: {
            service: [service],
            baselineVersion: [String(reviewed.baseline.version)],
            baselineCleartextLogins: heldSample(held),
          },
        });
      }
    }
  },
};
