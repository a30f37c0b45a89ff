import type { Observation } from '../../observe/observation.js';
import { BoundedMap } from '../bounded-map.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

interface Claim {
  /** The MAC that held the address first: its owner until proved otherwise. */
  ownerMac: string;
  lastSeenMs: number;
}

/**
 * An IPv4 address claimed in ARP by a second MAC while its owner is still about (arpspoof, a
 * rogue gateway): the newcomer is the source, the address and its owner the target. The owner
 * stays the first MAC seen, so the spoofer's repeated claims never make the owner look guilty.
 */
export const addressConflictDetector: DetectorDefinition = {
  type: 'address-conflict',
  kinds: ['arp.binding'],
  create(context: DetectorContext) {
    const { config } = context;
    const claims = new BoundedMap<string, Claim>(config.maxTrackedKeys);
    return {
      get evicted() {
        return claims.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'arp.binding' || observation.ip === undefined) return;
        const { ip, mac, timestampMs } = observation;
        const claim = claims.get(ip);
        if (claim === undefined || timestampMs - claim.lastSeenMs > config.addressClaimWindowMs) {
          claims.set(ip, { ownerMac: mac, lastSeenMs: timestampMs });
          return;
        }
        if (claim.ownerMac === mac) {
          claim.lastSeenMs = Math.max(claim.lastSeenMs, timestampMs);
          return;
        }
        context.report({
          type: 'address-conflict',
          key: mac,
          severity: 'high',
          techniques: ['T0830', 'T1557.002'],
          summary: '',
          remedy: `Find the port of ${mac} on the switch and take it off; turn on dynamic ARP inspection (DHCP snooping) on the clinical VLANs so a host can only claim the address it was given; check what crossed ${mac} meanwhile.`,
          sources: [{ ip: undefined, mac, identifiedBy: 'mac' }],
          targets: [{ ip, mac: claim.ownerMac, identifiedBy: 'mac' }],
          firstSeenMs: timestampMs,
          lastSeenMs: timestampMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              timestampMs,
              `ARP ${observation.operation} claims ${ip} is at ${mac} (owner ${claim.ownerMac})`,
            ),
          ],
          detail: { addresses: [ip] },
        });
      },
    };
  },
  summarise(detection) {
    const claimed = detection.targets.map((target) => `${target.ip} (owner ${target.mac})`).join(', ');
    return `${detection.sources[0]?.mac} claimed ${claimed} in ${detection.count} ARP messages: ARP spoofing, traffic to ${detection.targets.length === 1 ? 'that address' : 'those addresses'} may pass through it`;
  },
};
