import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * One MAC asking ARP for many addresses within a window (nmap's host discovery on a local
 * subnet, arp-scan): the scanner is on the same segment as its targets.
 */
export const arpSweepDetector: DetectorDefinition = {
  type: 'arp-sweep',
  kinds: ['arp.binding'],
  create(context: DetectorContext) {
    const { config } = context;
    const asked = DistinctTally.within(config, config.arpSweepTargets, config.arpSweepWindowMs);
    return {
      get evicted() {
        return asked.evicted;
      },
      observe(observation: Observation) {
        if (
          observation.kind !== 'arp.binding' ||
          observation.operation !== 'request' ||
          observation.isGratuitous
        )
          return;
        const evidence = detectionEvidence(observation.evidence, `who has ${observation.targetIp}?`);
        const counted = asked.add(observation.mac, observation.targetIp, observation.timestampMs, evidence);
        if (counted === undefined) return;
        const detection = tallyDetection(
          {
            type: 'arp-sweep',
            key: observation.mac,
            severity: 'medium',
            techniques: ['T0846', 'T1018'],
            remedy:
              'Find the machine with this MAC on the switch (its port in the MAC table): an inventory tool belongs in a suppression with an owner and an end; otherwise take it off the network.',
            sources: [partyOf(observation.ip, observation.mac)],
            targets: [],
          },
          counted,
          { atMs: observation.timestampMs, value: observation.targetIp, evidence, valueName: 'addresses' },
        );
        detection.targets = (detection.detail.addresses ?? []).map((ip) => partyOf(ip, undefined));
        context.report(detection);
      },
    };
  },
  summarise(detection) {
    const source = detection.sources[0];
    return `${source?.mac}${source?.ip ? ` (${source.ip})` : ''} asked ARP for ${detection.targets.length} addresses (${detection.count} requests)`;
  },
};
