import type { ArpBindingObservation } from '../../dissect/arp/observation.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * One MAC asking ARP for many addresses within a window (nmap's host discovery on a local
 * subnet, arp-scan): the scanner is on the same segment as its targets.
 */
export const arpSweepDetector = tallyDetector<ArpBindingObservation>({
  type: 'arp-sweep',
  kinds: ['arp.binding'],
  limits: (config) => [config.arpSweepTargets, config.arpSweepWindowMs],
  valueName: 'addresses',
  valuesAreTargets: true,
  eventOf(observation) {
    if (observation.kind !== 'arp.binding' || observation.operation !== 'request' || observation.isGratuitous)
      return undefined;
    return { tallyKey: observation.mac, value: observation.targetIp, atMs: observation.timestampMs };
  },
  noteOf: (address) => `who has ${address}?`,
  reportOf(observation) {
    return {
      type: 'arp-sweep',
      key: observation.mac,
      severity: 'medium',
      techniques: ['T0846', 'T1018'],
      remedy:
        'Find the machine with this MAC on the switch (its port in the MAC table): an inventory tool belongs in a suppression with an owner and an end; otherwise take it off the network.',
      sources: [partyOf(observation.ip, observation.mac)],
      targets: [],
    };
  },
  summarise(detection) {
    const source = detection.sources[0];
    return `${source?.mac}${source?.ip ? ` (${source.ip})` : ''} asked ARP for ${detection.targets.length} addresses (${detection.count} requests)`;
  },
});
