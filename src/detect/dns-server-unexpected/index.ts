import { detectionEvidence } from '../evidence-of.js';
import { heldSample, novelFacts, partyOf, type ReviewDetectorDefinition } from '../review-detector.js';

/**
 * DNS answers from a server no device of the site used while the site's baseline learned: a
 * rogue resolver handed out by a rogue DHCP server, or spoofed answers racing the real ones.
 * One alert per answering server.
 */
export const dnsServerUnexpectedDetector: ReviewDetectorDefinition = {
  type: 'dns-server-unexpected',
  isDeviation: true,
  review(run, report) {
    if (run.site === undefined) return;
    const held = run.site.profile.facts.dnsServers;
    for (const reviewed of run.devices) {
      for (const [server, sighting] of novelFacts(reviewed, 'dnsServers', held)) {
        const client = partyOf(reviewed);
        report({
          type: 'dns-server-unexpected',
          key: server,
          severity: 'high',
          techniques: ['T0830', 'T1557'],
          summary: `${server} answered DNS for ${client.ip}${reviewed.device.type ? ` (${reviewed.device.type})` : ''}; the site's devices only ever had answers from ${held?.join(', ') || 'no server'}`,
          remedy: `Find ${server} on the network; if it is not a resolver the hospital runs, take it off, check what DHCP hands out as DNS server (option 6), and turn on DHCP snooping.`,
          sources: [{ ip: server, mac: sighting.peerMac }],
          targets: [client],
          firstSeenMs: sighting.firstSeenMs,
          lastSeenMs: sighting.firstSeenMs,
          count: 1,
          evidence: [
            detectionEvidence(
              sighting.evidence,
              sighting.firstSeenMs,
              `DNS answer from ${server} to ${client.ip}`,
            ),
          ],
          detail: {
            server: [server],
            siteBaselineVersion: [String(run.site.version)],
            siteDnsServers: heldSample(held),
          },
        });
      }
    }
  },
};
