import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * Many gratuitous ARPs from one MAC within a window: a host announces itself a few times when it
 * comes up or fails over; a stream of them is cache poisoning or a flood.
 */
export const gratuitousArpFloodDetector: DetectorDefinition = {
  type: 'gratuitous-arp-flood',
  kinds: ['arp.binding'],
  create(context: DetectorContext) {
    const { config } = context;
    const announcements = DistinctTally.within(
      config,
      config.gratuitousArpFlood,
      config.gratuitousArpWindowMs,
      'events',
    );
    return {
      get evicted() {
        return announcements.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'arp.binding' || !observation.isGratuitous || observation.ip === undefined)
          return;
        const evidence = detectionEvidence(
          observation.evidence,
          `gratuitous ARP: ${observation.ip} is at ${observation.mac}`,
        );
        const counted = announcements.add(observation.mac, observation.ip, observation.timestampMs, evidence);
        if (counted === undefined) return;
        context.report(
          tallyDetection(
            {
              type: 'gratuitous-arp-flood',
              key: observation.mac,
              severity: 'medium',
              techniques: ['T0830', 'T1557.002'],
              remedy: `Find the port of ${observation.mac} on the switch; turn on dynamic ARP inspection on the clinical VLANs, and check whether the addresses it announced belong to it.`,
              sources: [{ ip: undefined, mac: observation.mac, identifiedBy: 'mac' }],
              targets: [partyOf(observation.ip, undefined)],
            },
            counted,
            { atMs: observation.timestampMs, value: observation.ip, evidence, valueName: 'addresses' },
          ),
        );
      },
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.mac} sent ${detection.count} gratuitous ARPs for ${(detection.detail.addresses ?? []).slice(0, 4).join(', ')}`;
  },
};
